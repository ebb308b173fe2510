namespace RedDino.MLNet.Bundles;

/// <summary>Names and versions of the model bundle format (docs/formats/bundles.md, <c>*.reddino.zip</c>).</summary>
/// <remarks>Format history: 1 = bundle.json + backbone.onnx + head.mlnet (ML.NET model zip) or knn.bin;
/// 2 = also bundle.sha256, which covers bundle.json (format 1 bundles still load, without that check);
/// 3 = head.mlnet holds the whole ML.NET chain after the embedding (normalizers, feature selection, any
/// multiclass trainer; head kind "mlnet"), a k-NN head may have such a chain before it (transforms.mlnet),
/// "classes" are in ordinal order (with the head's own key order beside them when it differs), and bundle.json
/// records the input column, the image folder and the embedding column.</remarks>
internal static class BundleFormat
{
    /// <summary>The bundle format version written and the newest one read.</summary>
    public const int CurrentVersion = 3;

    /// <summary>The first version with <see cref="DigestsEntry"/>.</summary>
    public const int FirstVersionWithDigests = 2;

    /// <summary>Description of the bundle (JSON).</summary>
    public const string ManifestEntry = "bundle.json";

    /// <summary>sha256 of every other entry, bundle.json included (<c>sha256sum</c> format).</summary>
    public const string DigestsEntry = "bundle.sha256";

    /// <summary>The ONNX backbone.</summary>
    public const string BackboneEntry = "backbone.onnx";

    /// <summary>A linear-probe head: an ML.NET model zip written by <c>mlContext.Model.Save</c>.</summary>
    public const string MLNetHeadEntry = "head.mlnet";

    /// <summary>The ML.NET steps between the embedding and a k-NN head (format 3 on), an ML.NET model zip.</summary>
    public const string TransformsEntry = "transforms.mlnet";

    /// <summary>A k-NN head: versioned header, float32 reference matrix, int32 class ids.</summary>
    public const string KnnHeadEntry = "knn.bin";

    /// <summary>Head kind of formats 1 and 2 for an ML.NET multiclass predictor saved alone (still read).</summary>
    public const string LinearProbeKind = "linear_probe";

    /// <summary>Head kind of an ML.NET chain (format 3 on): any stock transforms and a multiclass trainer's model.</summary>
    public const string MLNetKind = "mlnet";

    /// <summary>Head kind of k-NN.</summary>
    public const string KnnKind = "knn";
}
