using Microsoft.ML;
using Microsoft.ML.Transforms;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet;

/// <summary>Catalog entry points that turn the project's embeddings files into ML.NET data.</summary>
public static class RedDinoDataCatalog
{
    /// <summary>An embeddings set as an IDataView: text Path, Label, Source and a Features vector [D]
    /// (column names from <paramref name="columns"/>), optionally only the given rows, in that order.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="set">Embeddings read with <see cref="EmbeddingSet.Read"/>.</param>
    /// <param name="rows">Row indexes to include (null: all, in file order).</param>
    /// <param name="columns">Column names (default Features, Label, Path, Source).</param>
    public static IDataView LoadFromEmbeddingSet(this DataOperationsCatalog catalog, EmbeddingSet set,
        IReadOnlyList<int>? rows = null, EmbeddingColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(set);
        return EmbeddingSetDataView.Create(set, rows, columns);
    }

    /// <summary>MapValueToKey with every class of the data set as key values, in ordinal order
    /// (<c>KeyOrdinality.ByValue</c>), so that every split's key type is the same [K] whichever
    /// classes the split happens to contain (docs/reference/evaluation-protocol.md, "Classifiers").</summary>
    /// <param name="catalog">The conversion transforms catalog.</param>
    /// <param name="classes">All class names (any order; duplicates ignored).</param>
    /// <param name="outputColumnName">Key column to create.</param>
    /// <param name="inputColumnName">Text label column (default: <paramref name="outputColumnName"/>).</param>
    public static ValueToKeyMappingEstimator MapValueToClassKey(this TransformsCatalog.ConversionTransforms catalog,
        IEnumerable<string> classes, string outputColumnName = "Label", string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var names = new ClassIndex(classes).Names;
        var keyData = new InMemoryDataView(names.Count).AddText("Name", names.ToArray());
        return catalog.MapValueToKey(outputColumnName, inputColumnName ?? outputColumnName,
            keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue, keyData: keyData);
    }

    /// <summary>A manifest CSV (docs/formats/manifest.md) as an IDataView, one row per manifest row in file order: text
    /// <c>ImagePath</c> (resolved against <paramref name="dataRoot"/> or the manifest's folder), <c>Label</c> and <c>Source</c>
    /// (empty when absent), <c>CropBox</c> (a vector of 4 floats x, y, w, h; NaN for rows without a box), then the
    /// manifest's other columns as text under their own names. Embed it with
    /// <c>ExtractRedDinoEmbeddings("Features", "ImagePath", model, new RedDinoEmbeddingOptions { CropBoxColumnName = "CropBox" })</c>.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The manifest CSV.</param>
    /// <param name="dataRoot">Folder relative paths resolve against (null: the manifest's folder).</param>
    /// <exception cref="FileNotFoundException">The manifest does not exist.</exception>
    /// <exception cref="InvalidDataException">A malformed header or row (names the file and the row), or a pass-through column
    /// whose name is one of the columns above.</exception>
    public static IDataView LoadRedDinoManifest(this DataOperationsCatalog catalog, string path, string? dataRoot = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var manifest = Manifest.Read(path);
        var folder = manifest.BaseFolder(dataRoot);
        var rows = manifest.Rows;
        var boxes = new float[rows.Count * 4];
        for (var r = 0; r < rows.Count; r++)
        {
            var box = rows[r].Crop is { } c ? new float[] { c.X, c.Y, c.Width, c.Height } : [float.NaN, float.NaN, float.NaN, float.NaN];
            box.CopyTo(boxes, r * 4);
        }
        var view = new InMemoryDataView(rows.Count)
            .AddText(ManifestViewColumns.ImagePath, rows.Select(r => r.ResolvePath(folder)).ToArray())
            .AddText(ManifestViewColumns.Label, rows.Select(r => r.Label).ToArray())
            .AddText(ManifestViewColumns.Source, rows.Select(r => r.Source).ToArray())
            .AddVector(ManifestViewColumns.CropBox, boxes, 4);
        foreach (var column in manifest.Columns.Where(c => !ManifestColumns.IsKnown(c)))
        {
            if (ManifestViewColumns.All.Contains(column))
                throw new InvalidDataException($"{path}: column '{column}' would hide the loaded manifest's own '{column}' column: rename it");
            view.AddText(column, rows.Select(r => r.Extra?.GetValueOrDefault(column)).ToArray());
        }
        return view;
    }

    /// <summary>Reads a CSV or Parquet embeddings file (docs/formats/embeddings.md), or the folder of a sharded run's
    /// parts (all of them, in manifest order), as an IDataView.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">FILE.csv (with its FILE.csv.json sidecar), FILE.parquet or a parts folder.</param>
    public static IDataView LoadFromEmbeddingsFile(this DataOperationsCatalog catalog, string path) =>
        catalog.LoadFromEmbeddingSet(EmbeddingSet.Read(path));
}
