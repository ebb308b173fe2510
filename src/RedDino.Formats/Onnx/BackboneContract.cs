namespace RedDino.Formats.Onnx;

/// <summary>The ONNX backbone contract (docs/formats/onnx-backbone.md): the graph's input and output
/// names, the metadata format version, and the preprocessing a model without <c>reddino.*</c>
/// metadata gets. Writers (the ViT graph writer, the built-in ResNet-18) and the reader
/// (RedDino.MLNet's model description) use these, never literals.</summary>
public static class BackboneContract
{
    /// <summary>Input: float32 [batch, 3, S, S], batch axis dynamic.</summary>
    public const string InputName = "pixel_values";

    /// <summary>Output: float32 [batch, D].</summary>
    public const string EmbeddingOutput = "embedding";

    /// <summary>Optional output: float32 [batch, N, D], the patch tokens after the final norm.</summary>
    public const string PatchTokensOutput = "patch_tokens";

    /// <summary>Value of <see cref="MetadataKeys.FormatVersion"/> written; history: 1 = first version.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest side S a reader accepts: one preprocessed image is 3 x S x S float32 (200 MB at
    /// 4096), and the published models use 224 (DINOv2 up to 518).</summary>
    public const int MaxImageSize = 4096;

    /// <summary>The largest embedding size D a reader accepts (ViT-g is 1536).</summary>
    public const int MaxEmbedDim = 65536;

    /// <summary>Side S when neither metadata nor a static input shape gives it.</summary>
    public const int DefaultImageSize = 224;

    /// <summary>The only resize method: Pillow's bilinear filter, antialiased when shrinking.</summary>
    public const string BilinearResize = "bilinear";

    /// <summary>Pixel scale of the published models: uint8 values are divided by 255.</summary>
    public const double DefaultPixelScale = 255;

    /// <summary>ImageNet RGB mean, the default (and the published models' value).</summary>
    public static IReadOnlyList<double> ImageNetMean { get; } = [0.485, 0.456, 0.406];

    /// <summary>ImageNet RGB standard deviation, the default (and the published models' value).</summary>
    public static IReadOnlyList<double> ImageNetStd { get; } = [0.229, 0.224, 0.225];
}
