using RedDino.Formats.Onnx;

namespace RedDino.Backbone.Export;

/// <summary>What goes into an exported backbone besides the weights (docs/formats/onnx-backbone.md).
/// Defaults are the published RedDino preprocessing.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>Input size S of the ONNX model; null = the model's native size. The position embedding
    /// is resized to this grid once, at export time.</summary>
    public int? ImageSize;

    /// <summary>sha256 (hex) of the checkpoint the weights came from (reddino.source_sha256). Null = the
    /// sha256 of the weights themselves (float32 bytes in state-dict order), for models not loaded
    /// from a file.</summary>
    public string? SourceSha256;

    /// <summary>Whether to add the optional <c>patch_tokens</c> output [batch, N, D].</summary>
    public bool IncludePatchTokens = true;

    /// <summary>reddino.resize: how callers bring images to S ("bilinear", Pillow-style).</summary>
    public string Resize = BackboneContract.BilinearResize;

    /// <summary>reddino.pixel_scale: uint8 values are divided by it (255 = the published models).</summary>
    public double PixelScale = BackboneContract.DefaultPixelScale;

    /// <summary>reddino.mean, RGB, applied after scaling (ImageNet).</summary>
    public IReadOnlyList<double> Mean = BackboneContract.ImageNetMean;

    /// <summary>reddino.std, RGB (ImageNet).</summary>
    public IReadOnlyList<double> Std = BackboneContract.ImageNetStd;
}
