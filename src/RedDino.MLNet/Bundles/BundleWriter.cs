using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Bundles;

/// <summary>Writes a <c>*.reddino.zip</c> bundle from a fitted pipeline (see <see cref="BundleParts"/>),
/// into a temporary file renamed at the end, so a failed save leaves nothing behind. Classes are stored in
/// ordinal order (the contract's class index); a k-NN head's class ids are renumbered to it, an ML.NET head
/// keeps its own key order in <see cref="BundleHead.KeyClasses"/> and the loaded bundle reorders its output.</summary>
internal static class BundleWriter
{
    public static void Save(ModelOperationsCatalog catalog, ITransformer model, string path, RedDinoBundleCard? card)
    {
        var parts = BundleParts.Of(model);
        var backboneBytes = File.ReadAllBytes(parts.Backbone.Model.Path);
        var classes = parts.HeadKeyClasses.Order(StringComparer.Ordinal).ToArray();
        if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Length)
            throw new NotSupportedException($"The classifier's class names are not distinct ({string.Join(", ", parts.HeadKeyClasses)})");
        var schema = FeatureSchema(parts.Backbone.OutputColumnName, parts.Backbone.Model.EmbedDim);
        var chainBytes = parts.Chain.Count == 0 ? null : SaveChain(catalog, parts.Chain, schema);

        string kind, headEntry;
        byte[] headBytes;
        var head = parts.Knn is { } knn
            ? KnnHead(knn, classes, chainBytes, out kind, out headEntry, out headBytes)
            : MLNetHead(parts, classes, chainBytes!, out kind, out headEntry, out headBytes);
        var manifest = new BundleManifest(BundleFormat.CurrentVersion, ToolVersion(), DateTimeOffset.Now.ToString("O"), classes,
            new BundleBackbone(BundleFormat.BackboneEntry, Sha256(backboneBytes), parts.Backbone.Model.Preprocessing.ToJson()),
            head with { Kind = kind, File = headEntry, Sha256 = Sha256(headBytes) },
            WithProvenance(card, parts))
        {
            Input = new BundleInput(parts.Backbone.InputColumnName, parts.Backbone.Engine.Options.ImageFolder),
            FeatureColumn = parts.Backbone.OutputColumnName,
        };

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var json = Encoding.UTF8.GetBytes(manifest.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Add(zip, BundleFormat.ManifestEntry, json, CompressionLevel.Optimal);
            Add(zip, BundleFormat.DigestsEntry, BundleDigests.Write([(BundleFormat.ManifestEntry, Sha256(json)), .. manifest.Entries()]),
                CompressionLevel.Optimal);
            Add(zip, BundleFormat.BackboneEntry, backboneBytes, CompressionLevel.NoCompression);
            if (manifest.Head.Transforms is not null)
                Add(zip, BundleFormat.TransformsEntry, chainBytes!, CompressionLevel.Optimal);
            Add(zip, headEntry, headBytes, CompressionLevel.Optimal);
        });
    }

    // k-NN: its references with class ids renumbered into the ordinal classes, so ties and keys need no reordering.
    private static BundleHead KnnHead(KNearestNeighborsTransformer knn, string[] classes, byte[]? chainBytes,
        out string kind, out string entry, out byte[] bytes)
    {
        var model = knn.Model;
        var index = classes.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var ids = model.ClassIds.ToArray().Select(id => index[model.ClassNames[id]]).ToArray();
        var ordinal = new KNearestNeighborsModel(model.References.ToArray(), ids, model.Dimension, classes, model.NumberOfNeighbors,
            model.Distance, model.Weighting, model.SearchOptions);
        (kind, entry, bytes) = (BundleFormat.KnnKind, BundleFormat.KnnHeadEntry, KnnHeadFile.Write(ordinal));
        return new BundleHead(kind, model.NumberOfNeighbors, entry, "")
        {
            FeatureColumn = knn.FeatureColumnName,
            Transforms = chainBytes is null ? null : new BundleEntry(BundleFormat.TransformsEntry, Sha256(chainBytes)),
        };
    }

    private static BundleHead MLNetHead(BundleParts parts, string[] classes, byte[] chainBytes, out string kind, out string entry, out byte[] bytes)
    {
        (kind, entry, bytes) = (BundleFormat.MLNetKind, BundleFormat.MLNetHeadEntry, chainBytes);
        return new BundleHead(kind, null, entry, "")
        {
            KeyClasses = parts.HeadKeyClasses.SequenceEqual(classes) ? null : parts.HeadKeyClasses.ToArray(),
        };
    }

    // The steps after the embedding, saved by ML.NET itself; the input schema is the embedding column [D]. A step
    // ML.NET cannot save (a CustomMapping without a factory, a third-party transformer) is named.
    private static byte[] SaveChain(ModelOperationsCatalog catalog, IReadOnlyList<ITransformer> steps, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        try
        {
            catalog.Save(new TransformerChain<ITransformer>(steps.ToArray()), schema, stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var culprit = steps.FirstOrDefault(step => !Saves(catalog, step, ref schema)) ?? steps[^1];
            throw new NotSupportedException(
                $"{culprit.GetType().Name} cannot be stored in a bundle: ML.NET cannot save it ({RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
        return stream.ToArray();
    }

    private static bool Saves(ModelOperationsCatalog catalog, ITransformer step, ref DataViewSchema schema)
    {
        try
        {
            catalog.Save(step, schema, Stream.Null);
            schema = step.GetOutputSchema(schema);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
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
        provenance.TryAdd("head", string.Join(" -> ", parts.Chain.Select(Describe).Append(parts.Knn is null ? null : nameof(KNearestNeighborsTransformer)).OfType<string>()));
        return new RedDinoBundleCard(card?.Metrics, provenance);
    }

    // "MulticlassPredictionTransformer<OneVersusAllModelParameters>", not "MulticlassPredictionTransformer`1".
    private static string Describe(ITransformer step) => step.GetType() is { IsGenericType: true } type
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>"
        : step.GetType().Name;

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        entry.Write(bytes);
    }

    internal static string Sha256(byte[] bytes) => FileHash.Sha256(bytes);

    private static string ToolVersion() =>
        typeof(BundleWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
