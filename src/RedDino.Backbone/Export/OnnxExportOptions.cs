using System.Globalization;

namespace RedDino.Backbone.Export;

/// <summary>What goes into an exported backbone besides the weights (contracts.md "ONNX backbone").
/// Defaults are the published RedDino preprocessing.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Input size S of the ONNX model; null = the model's native size. The position embedding
    /// is resized to this grid once, at export time.</summary>
    public int? ImageSize { get; init; }

    /// <summary>sha256 (hex) of the checkpoint the weights came from (reddino.source_sha256). Null = the
    /// sha256 of the weights themselves (float32 bytes in state-dict order), for models not loaded
    /// from a file.</summary>
    public string? SourceSha256 { get; init; }

    /// <summary>Whether to add the optional <c>patch_tokens</c> output [batch, N, D].</summary>
    public bool IncludePatchTokens { get; init; } = true;

    /// <summary>reddino.resize: how callers bring images to S ("bilinear", Pillow-style).</summary>
    public string Resize { get; init; } = "bilinear";

    /// <summary>reddino.pixel_scale: uint8 values are divided by it (255 = the published models).</summary>
    public double PixelScale { get; init; } = 255;

    /// <summary>reddino.mean, RGB, applied after scaling (ImageNet).</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0.485, 0.456, 0.406];

    /// <summary>reddino.std, RGB (ImageNet).</summary>
    public IReadOnlyList<double> Std { get; init; } = [0.229, 0.224, 0.225];

    internal static string Join(IReadOnlyList<double> values) =>
        string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
