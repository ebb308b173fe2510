using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Bundles;

/// <summary>Writes a <c>*.reddino.zip</c> bundle from a fitted pipeline (see <see cref="BundleParts"/>),
/// into a temporary file renamed at the end, so a failed save leaves nothing behind.</summary>
internal static class BundleWriter
{
    public static void Save(ModelOperationsCatalog catalog, ITransformer model, string path, RedDinoBundleCard? card)
    {
        var parts = BundleParts.Of(model);
        var backboneBytes = File.ReadAllBytes(parts.Backbone.Model.Path);
        var (kind, k, headEntry, headBytes, classes) = parts.Head switch
        {
            KNearestNeighborsTransformer knn => (BundleFormat.KnnKind, (int?)knn.Model.NumberOfNeighbors, BundleFormat.KnnHeadEntry,
                KnnHeadFile.Write(knn.Model), knn.Model.ClassNames),
            _ => MLNetHead(catalog, parts),
        };
        var manifest = new BundleManifest(BundleFormat.CurrentVersion, ToolVersion(), DateTimeOffset.Now.ToString("O"), classes,
            new BundleBackbone(BundleFormat.BackboneEntry, Sha256(backboneBytes), parts.Backbone.Model.Preprocessing.ToJson()),
            new BundleHead(kind, k, headEntry, Sha256(headBytes)),
            WithProvenance(card, parts));

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var json = Encoding.UTF8.GetBytes(manifest.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Add(zip, BundleFormat.ManifestEntry, json, CompressionLevel.Optimal);
            Add(zip, BundleFormat.DigestsEntry, BundleDigests.Write([
                (BundleFormat.ManifestEntry, Sha256(json)), (BundleFormat.BackboneEntry, manifest.Backbone.Sha256), (headEntry, manifest.Head.Sha256)]),
                CompressionLevel.Optimal);
            Add(zip, BundleFormat.BackboneEntry, backboneBytes, CompressionLevel.NoCompression);
            Add(zip, headEntry, headBytes, CompressionLevel.Optimal);
        });
    }

    // The classifier alone, saved by ML.NET itself; its input schema is the embedding column [D].
    private static (string, int?, string, byte[], IReadOnlyList<string>) MLNetHead(ModelOperationsCatalog catalog, BundleParts parts)
    {
        var schema = FeatureSchema(parts.Backbone.OutputColumnName, parts.Backbone.Model.EmbedDim);
        var predicted = parts.Head.GetOutputSchema(schema).GetColumnOrNull("PredictedLabel")
            ?? throw new NotSupportedException("The classifier has no PredictedLabel column: a bundle needs a multiclass classifier");
        if (predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
            throw new NotSupportedException("The classifier's PredictedLabel carries no class names (KeyValues): make the label key with MapValueToClassKey or MapValueToKey");
        VBuffer<ReadOnlyMemory<char>> names = default;
        predicted.Annotations.GetValue("KeyValues", ref names);
        using var stream = new MemoryStream();
        catalog.Save(parts.Head, schema, stream);
        return (BundleFormat.LinearProbeKind, null, BundleFormat.MLNetHeadEntry, stream.ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    internal static DataViewSchema FeatureSchema(string column, int dimension)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(column, new VectorDataViewType(NumberDataViewType.Single, dimension));
        return builder.ToSchema();
    }

    private static RedDinoBundleCard WithProvenance(RedDinoBundleCard? card, BundleParts parts)
    {
        var provenance = card?.Provenance?.DeepClone().AsObject() ?? new System.Text.Json.Nodes.JsonObject();
        provenance.TryAdd("backbone_name", parts.Backbone.Model.Name);
        provenance.TryAdd("backbone_arch", parts.Backbone.Model.Arch);
        provenance.TryAdd("embed_dim", parts.Backbone.Model.EmbedDim);
        provenance.TryAdd("head", parts.Head.GetType().Name);
        return new RedDinoBundleCard(card?.Metrics, provenance);
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        entry.Write(bytes);
    }

    internal static string Sha256(byte[] bytes) => FileHash.Sha256(bytes);

    private static string ToolVersion() =>
        typeof(BundleWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
