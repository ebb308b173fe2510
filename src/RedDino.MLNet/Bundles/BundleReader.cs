using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Bundles;

/// <summary>Opens a <c>*.reddino.zip</c>: checks the format version and the sha256 of every entry
/// bundle.json lists, unpacks the backbone into a file of its own (ONNX Runtime opens models by path;
/// the bundle deletes the file when it is disposed) and rebuilds the head. Errors about the unpacked
/// backbone name the bundle and its entry, never the temporary file.</summary>
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
            var transformsBytes = manifest.Head.Transforms is { } t ? ReadChecked(zip, t.File, t.Sha256, path) : null;
            var (head, dimension, featureColumn) = manifest.Head.Kind switch
            {
                BundleFormat.KnnKind => KnnHead(catalog, manifest, headBytes, transformsBytes, path),
                BundleFormat.MLNetKind or BundleFormat.LinearProbeKind => MLNetHead(catalog, headBytes, manifest, manifest.Head.File, path),
                _ => throw new InvalidDataException(
                    $"{path}: unknown head kind '{manifest.Head.Kind}' (expected {BundleFormat.MLNetKind}, {BundleFormat.KnnKind} or {BundleFormat.LinearProbeKind})"),
            };
            embeddingOptions.ImageFolder ??= manifest.Input?.ImageFolder;
            var backbone = UnpackedBackbone.Write(backboneBytes, options.ExtractionFolder);
            RedDinoEmbeddingTransformer? embedding = null;
            try
            {
                var engine = new EmbeddingEngine(backbone.Path, embeddingOptions);
                embedding = new RedDinoEmbeddingTransformer(engine, featureColumn,
                    options.ImageColumnName ?? manifest.Input?.Column ?? DefaultImageColumn);
                if (engine.EmbedDim != dimension)
                    throw new InvalidDataException($"{path}: the backbone makes {engine.EmbedDim}-value embeddings but the head reads {dimension}");
                var order = manifest.Head.KeyClasses is { } keys ? new ClassOrder(keys, manifest.Classes) : null;
                return new RedDinoBundle(manifest, embedding, head, order, options.LabelColumnName, Path.GetFullPath(path), backbone);
            }
            catch (Exception e)
            {
                embedding?.Dispose();
                (head as IDisposable)?.Dispose();
                backbone.Dispose();
                if (e.Message.Contains(backbone.Path, StringComparison.Ordinal))
                    throw new InvalidDataException(e.Message.Replace(backbone.Path, $"{path} ({manifest.Backbone.File})", StringComparison.Ordinal), e);
                throw;
            }
        }
    }

    /// <summary>The image column of bundles older than format 3, which do not record it.</summary>
    private const string DefaultImageColumn = "ImagePath";

    // An ML.NET model zip: the head chain (format 3) or a predictor alone (formats 1, 2). Its saved input schema
    // is the embedding column, so the dimension and the column come from ML.NET itself, whatever the trainer.
    // The entry's hash matched, so its bytes are the ones written; ML.NET may still not read them (a bundle
    // written with a garbage head, or by an ML.NET it cannot read): any failure of Load is this entry's fault.
    private static (ITransformer Head, int Dimension, string FeatureColumn) MLNetHead(ModelOperationsCatalog catalog, byte[] bytes,
        BundleManifest manifest, string entry, string path)
    {
        ITransformer head;
        DataViewSchema input;
        try
        {
            head = catalog.Load(new MemoryStream(bytes), out input);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"{path}: entry '{entry}' is not a loadable ML.NET classifier ({e.GetType().Name}: {RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
        var feature = manifest.FeatureColumn ?? input.FirstOrDefault(c => !c.IsHidden).Name;
        if (input.GetColumnOrNull(feature) is not { Type: VectorDataViewType { Size: > 0 } vector })
            throw new InvalidDataException($"{path}: entry '{entry}' does not read a known-size vector column '{feature}'");
        if (manifest.Head.Kind != BundleFormat.KnnKind)
        {
            var output = head.GetOutputSchema(input);
            if (output.GetColumnOrNull(BundleParts.PredictedLabelColumn) is not { Type: KeyDataViewType key } || key.Count != (ulong)manifest.Classes.Count)
                throw new InvalidDataException(
                    $"{path}: entry '{entry}' is not a loadable ML.NET classifier (no key-typed PredictedLabel over the {manifest.Classes.Count} classes)");
        }
        return (head, vector.Size, feature);
    }

    private static (ITransformer Head, int Dimension, string FeatureColumn) KnnHead(ModelOperationsCatalog catalog, BundleManifest manifest,
        byte[] bytes, byte[]? transformsBytes, string path)
    {
        // Formats 1 and 2 broke ties by class index; their classes kept the trained key order, so that is kept for them.
        var model = KnnHeadFile.Read(bytes, manifest.Classes, $"{path}: {manifest.Head.File}", tiesByName: manifest.FormatVersion >= 3);
        if (manifest.Head.K is { } k && k != model.NumberOfNeighbors)
            throw new InvalidDataException($"{path}: bundle.json says k={k} but {manifest.Head.File} holds k={model.NumberOfNeighbors}");
        // The label type the head was trained with: a key over the bundle's classes, carrying their names.
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, manifest.Classes.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(manifest.Classes.Count, manifest.Classes.Select(c => c.AsMemory()).ToArray()));
        var knn = new KNearestNeighborsTransformer(model, new KeyDataViewType(typeof(uint), manifest.Classes.Count), annotations.ToAnnotations(),
            new KNearestNeighborsOptions { FeatureColumnName = manifest.Head.FeatureColumn ?? manifest.FeatureColumn ?? new KNearestNeighborsOptions().FeatureColumnName });
        if (transformsBytes is null)
            return (knn, model.Dimension, knn.FeatureColumnName);
        try
        {
            var (transforms, dimension, feature) = MLNetHead(catalog, transformsBytes, manifest, manifest.Head.Transforms!.File, path);
            var output = transforms.GetOutputSchema(BundleWriter.FeatureSchema(feature, dimension));
            if (output.GetColumnOrNull(knn.FeatureColumnName) is not { Type: VectorDataViewType { Size: var size } } || size != model.Dimension)
                throw new InvalidDataException($"{path}: entry '{manifest.Head.Transforms.File}' does not make the {model.Dimension}-value column '{knn.FeatureColumnName}' the k-NN head reads");
            return (new TransformerChain<ITransformer>(transforms, knn), dimension, feature);
        }
        catch
        {
            knn.Dispose();
            throw;
        }
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
}
