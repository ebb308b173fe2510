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

    /// <summary>Reads a CSV or Parquet embeddings file (docs/formats/embeddings.md) as an IDataView.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">FILE.csv (with its FILE.csv.json sidecar) or FILE.parquet.</param>
    public static IDataView LoadFromEmbeddingsFile(this DataOperationsCatalog catalog, string path) =>
        catalog.LoadFromEmbeddingSet(EmbeddingSet.Read(path));
}
