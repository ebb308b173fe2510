using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Evaluation;

/// <summary>What the evaluator needs of a data set, as arrays in row order: embeddings [N, D], labels,
/// paths (for the predictions files) and named text columns (for the group column).</summary>
internal sealed class EvaluationData
{
    private readonly Func<string, IReadOnlyList<string?>> _column;

    private EvaluationData(string source, float[] features, int dimension, string[] labels, string[] paths, Func<string, IReadOnlyList<string?>> column)
    {
        CheckFinite(source, features, dimension);
        Features = features;
        Dimension = dimension;
        Labels = labels;
        Paths = paths;
        _column = column;
        Classes = new ClassIndex(labels);
        // One class: every classifier is right by construction and the scores (100%) say nothing.
        if (Classes.Count < 2)
            throw new InvalidDataException(
                $"{source}: every row has the label '{labels[0]}'; evaluating a classifier needs at least two classes");
    }

    // Every classifier needs finite features: NaN breaks k-NN distances and the probe's optimiser alike.
    private static void CheckFinite(string source, float[] features, int dimension)
    {
        for (var i = 0; i < features.Length; i++)
            if (!float.IsFinite(features[i]))
                throw new InvalidDataException(
                    $"{source}, row {i / dimension + 1}: feature {i % dimension} is {features[i]}, not a finite number (classifiers need finite embeddings)");
    }

    public float[] Features { get; }
    public int Dimension { get; }
    public string[] Labels { get; }
    public string[] Paths { get; }
    public ClassIndex Classes { get; }
    public int Count => Labels.Length;

    public IReadOnlyList<string?> Column(string name) => _column(name);

    public static EvaluationData From(EmbeddingSet set)
    {
        var file = set.Manifest.FilePath ?? "embeddings";
        var rows = set.Manifest.Rows;
        if (rows.Count == 0) throw new InvalidDataException($"{file}: no rows to evaluate");
        var labels = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            labels[i] = string.IsNullOrEmpty(rows[i].Label)
                ? throw new InvalidDataException($"{file}, row {i + 1}: empty '{ManifestColumns.Label}' (every row needs a label to be evaluated)")
                : rows[i].Label!;
        IReadOnlyList<string?> Column(string name)
        {
            if (!set.Manifest.Columns.Contains(name))
                throw new InvalidDataException($"{file}: no column '{name}' (columns: {string.Join(", ", set.Manifest.Columns)})");
            return rows.Select(r => NullIfEmpty(Manifest.ValueOf(r, name))).ToArray();
        }
        return new EvaluationData(file, set.Values, set.Dimension, labels, rows.Select(r => r.Path).ToArray(), Column);
    }

    public static EvaluationData From(IDataView data, EmbeddingColumns columns)
    {
        var schema = data.Schema;
        var feature = schema.GetColumnOrNull(columns.Features)
            ?? throw new InvalidDataException($"no feature column '{columns.Features}' in the data");
        if (feature.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } vector || n.RawType != typeof(float))
            throw new InvalidDataException($"column '{columns.Features}' must be a known-size vector of Single, found {feature.Type}");
        var labels = Texts(data, columns.Label) ?? throw new InvalidDataException($"no text label column '{columns.Label}' in the data");
        for (var i = 0; i < labels.Length; i++)
            if (string.IsNullOrEmpty(labels[i])) throw new InvalidDataException($"data view, row {i + 1}: empty '{columns.Label}'");
        if (labels.Length == 0) throw new InvalidDataException("no rows to evaluate");
        var features = data.GetColumn<VBuffer<float>>(feature).SelectMany(v => v.DenseValues()).ToArray();
        var paths = Texts(data, columns.Path) ?? new string?[labels.Length];
        // A manifest column name (path, label, source) also finds its EmbeddingColumns counterpart.
        IReadOnlyList<string?> Column(string name) =>
            Texts(data, name) ?? Texts(data, columns.ForManifestColumn(name) ?? name)
            ?? throw new InvalidDataException($"no text column '{name}' in the data");
        return new EvaluationData("data view", features, vector.Size, labels!, paths.Select(p => p ?? "").ToArray(), Column);
    }

    /// <summary>Labels and features of some rows, as the IDataView the classifiers fit on or predict;
    /// <paramref name="subtract"/> [D], when given, is subtracted from every embedding.</summary>
    public IDataView View(IReadOnlyList<int> rows, double[]? subtract = null)
    {
        var features = new float[rows.Count * Dimension];
        for (var r = 0; r < rows.Count; r++)
            Embedding(rows[r], subtract).CopyTo(features.AsSpan(r * Dimension));
        return new InMemoryDataView(rows.Count)
            .AddText(EmbeddingColumns.Default.Label, rows.Select(i => Labels[i]).ToArray())
            .AddVector(EmbeddingColumns.Default.Features, features, Dimension);
    }

    /// <summary>The mean embedding of <paramref name="rows"/> [D], accumulated in float64.</summary>
    public double[] Mean(IReadOnlyList<int> rows)
    {
        var mean = new double[Dimension];
        foreach (var row in rows)
            for (var j = 0; j < Dimension; j++)
                mean[j] += Features[row * Dimension + j];
        for (var j = 0; j < Dimension; j++) mean[j] /= rows.Count;
        return mean;
    }

    private float[] Embedding(int row, double[]? subtract)
    {
        var values = Features.AsSpan(row * Dimension, Dimension).ToArray();
        if (subtract is not null)
            for (var j = 0; j < values.Length; j++)
                values[j] = (float)(values[j] - subtract[j]);
        return values;
    }

    private static string?[]? Texts(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name) is { Type: TextDataViewType } column
            ? data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => NullIfEmpty(v.ToString())).ToArray()
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
