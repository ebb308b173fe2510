using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.IO;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Bundles;

/// <summary>Opens a <c>*.reddino.zip</c>: checks the format version and the sha256 of every entry
/// bundle.json lists, unpacks the backbone (by its hash, reused across loads) and rebuilds the head.</summary>
internal static class BundleReader
{
    public static RedDinoBundle Load(ModelOperationsCatalog catalog, string path, RedDinoBundleOptions? options)
    {
        options ??= new RedDinoBundleOptions();
        var embeddingOptions = options.Embedding?.Clone() ?? new RedDinoEmbeddingOptions();
        embeddingOptions.Log ??= CatalogEnvironment.Notices(catalog);
        if (!File.Exists(path)) throw new FileNotFoundException($"Bundle not found: {path}", path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a RedDino bundle (not a zip file: {e.Message})", e);
        }
        using (zip)
        {
            var manifestBytes = ReadEntry(zip, BundleFormat.ManifestEntry, path);
            var manifest = BundleManifest.Parse(Encoding.UTF8.GetString(manifestBytes), path);
            // Format 2 on: bundle.sha256 covers bundle.json (the entries' hashes and the class names).
            if (zip.GetEntry(BundleFormat.DigestsEntry) is not null || manifest.FormatVersion >= BundleFormat.FirstVersionWithDigests)
                BundleDigests.Check(ReadEntry(zip, BundleFormat.DigestsEntry, path), manifestBytes, manifest, path);
            var backboneBytes = ReadChecked(zip, manifest.Backbone.File, manifest.Backbone.Sha256, path);
            var headBytes = ReadChecked(zip, manifest.Head.File, manifest.Head.Sha256, path);
            var onnxPath = Unpack(backboneBytes, manifest.Backbone.Sha256, options.ExtractionFolder);

            var head = manifest.Head.Kind switch
            {
                BundleFormat.KnnKind => KnnHead(manifest, headBytes, path),
                BundleFormat.LinearProbeKind => MLNetHead(catalog, headBytes, manifest, path),
                _ => throw new InvalidDataException($"{path}: unknown head kind '{manifest.Head.Kind}' (expected {BundleFormat.LinearProbeKind} or {BundleFormat.KnnKind})"),
            };
            var engine = new EmbeddingEngine(onnxPath, embeddingOptions);
            var embedding = new RedDinoEmbeddingTransformer(engine, BundleParts.FeatureColumnOf(head), options.ImageColumnName);
            if (engine.EmbedDim != DimensionOf(head))
            {
                embedding.Dispose();
                throw new InvalidDataException($"{path}: the backbone makes {engine.EmbedDim}-value embeddings but the head reads {DimensionOf(head)}");
            }
            return new RedDinoBundle(manifest, embedding, head, Path.GetFullPath(path));
        }
    }

    // The entry's hash matched, so its bytes are the ones written; ML.NET may still not read them (a bundle
    // written with a garbage head, or by an ML.NET it cannot read): any failure of Load is this entry's fault.
    private static ITransformer MLNetHead(ModelOperationsCatalog catalog, byte[] bytes, BundleManifest manifest, string path)
    {
        try
        {
            var head = catalog.Load(new MemoryStream(bytes), out _);
            BundleParts.FeatureColumnOf(head); // a model without a classifier is not a head
            return head;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"{path}: entry '{manifest.Head.File}' is not a loadable ML.NET classifier ({e.GetType().Name}: {RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
    }

    private static KNearestNeighborsTransformer KnnHead(BundleManifest manifest, byte[] bytes, string path)
    {
        var model = KnnHeadFile.Read(bytes, manifest.Classes, $"{path}: {manifest.Head.File}");
        if (manifest.Head.K is { } k && k != model.NumberOfNeighbors)
            throw new InvalidDataException($"{path}: bundle.json says k={k} but {manifest.Head.File} holds k={model.NumberOfNeighbors}");
        // The label type the head was trained with: a key over the bundle's classes, carrying their names.
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, manifest.Classes.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(manifest.Classes.Count, manifest.Classes.Select(c => c.AsMemory()).ToArray()));
        return new KNearestNeighborsTransformer(model, new KeyDataViewType(typeof(uint), manifest.Classes.Count), annotations.ToAnnotations(),
            new KNearestNeighborsOptions());
    }

    private static int DimensionOf(ITransformer head) => head switch
    {
        KNearestNeighborsTransformer knn => knn.Model.Dimension,
        _ => BundleParts.Flatten(head).OfType<ISingleFeaturePredictionTransformer<object>>()
                 .Select(p => p.Model is Microsoft.ML.Trainers.MaximumEntropyModelParameters m ? FeatureCount(m) : -1).DefaultIfEmpty(-1).First(),
    };

    private static int FeatureCount(Microsoft.ML.Trainers.MaximumEntropyModelParameters model)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out _);
        return weights.Length == 0 ? -1 : weights[0].Length;
    }

    private static byte[] ReadChecked(ZipArchive zip, string entry, string expectedSha256, string path)
    {
        var bytes = ReadEntry(zip, entry, path);
        var actual = BundleWriter.Sha256(bytes);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{path}: entry '{entry}' does not match its sha256 in bundle.json (expected {expectedSha256}, found {actual}): the bundle was modified or is corrupt");
        return bytes;
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: missing entry '{name}'");
        // Deflate expands at most 1032:1, so a larger declared size is a corrupt (or hostile) header.
        if (entry.Length > Array.MaxLength || entry.Length > Math.Max(entry.CompressedLength, 1) * 1032L)
            throw new InvalidDataException($"{path}: entry '{name}' declares {entry.Length} bytes from {entry.CompressedLength} stored: a corrupt zip header");
        try
        {
            using var stream = entry.Open();
            var bytes = new byte[entry.Length];
            stream.ReadExactly(bytes);
            if (stream.ReadByte() >= 0)
                throw new InvalidDataException($"{path}: entry '{name}' holds more bytes than its header declares");
            return bytes;
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: entry '{name}' cannot be read ({e.Message})", e);
        }
    }

    // Content-addressed: <folder>/<sha256>.onnx, written atomically once and reused when its bytes still match.
    private static string Unpack(byte[] bytes, string sha256, string? folder)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "reddino-bundles");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, sha256.ToLowerInvariant() + ".onnx");
        if (File.Exists(target) && BundleWriter.Sha256(File.ReadAllBytes(target)) == sha256.ToLowerInvariant())
            return target;
        AtomicFile.WriteAllBytes(target, bytes);
        return target;
    }
}
