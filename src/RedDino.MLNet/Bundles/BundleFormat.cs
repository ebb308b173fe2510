namespace RedDino.MLNet.Bundles;

/// <summary>Names and versions of the model bundle format (docs/formats/bundles.md, <c>*.reddino.zip</c>).</summary>
/// <remarks>Format history: 1 = bundle.json + backbone.onnx + head.mlnet (ML.NET model zip) or knn.bin.</remarks>
internal static class BundleFormat
{
    /// <summary>The bundle format version written and the newest one read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Description of the bundle (JSON).</summary>
    public const string ManifestEntry = "bundle.json";

    /// <summary>The ONNX backbone.</summary>
    public const string BackboneEntry = "backbone.onnx";

    /// <summary>A linear-probe head: an ML.NET model zip written by <c>mlContext.Model.Save</c>.</summary>
    public const string MLNetHeadEntry = "head.mlnet";

    /// <summary>A k-NN head: versioned header, float32 reference matrix, int32 class ids.</summary>
    public const string KnnHeadEntry = "knn.bin";

    /// <summary>Head kind of a linear probe (or any ML.NET multiclass classifier).</summary>
    public const string LinearProbeKind = "linear_probe";

    /// <summary>Head kind of k-NN.</summary>
    public const string KnnKind = "knn";
}
