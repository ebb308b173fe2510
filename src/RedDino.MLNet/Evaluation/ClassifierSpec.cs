using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;

namespace RedDino.MLNet.Evaluation;

/// <summary>A classifier named as in the CLI, JSON, pipelines and reports: <c>linear_probe</c>, <c>knn_&lt;k&gt;</c>,
/// <c>lightgbm</c>, <c>sdca_maxent</c> (docs/reference/evaluation-protocol.md, "Classifiers"), or any ML.NET multiclass
/// trainer under a name of its own (<see cref="FromTrainer"/>), run under the paper's protocol by
/// <see cref="EmbeddingEvaluator"/> on already-embedded rows.</summary>
public sealed partial record ClassifierSpec
{
    private readonly Func<MLContext, IEstimator<ITransformer>>? _trainer;

    private ClassifierSpec(string name, int? neighbors, bool isLinearProbe, Func<MLContext, IEstimator<ITransformer>>? trainer)
    {
        Name = name;
        Neighbors = neighbors;
        IsLinearProbe = isLinearProbe;
        _trainer = trainer;
    }

    /// <summary>The canonical name (linear_probe, knn_1, knn_20, lightgbm, sdca_maxent, or a trainer's own name).</summary>
    public string Name { get; }

    /// <summary>k for k-NN; null for the other classifiers.</summary>
    public int? Neighbors { get; }

    /// <summary>True for the paper's linear probe.</summary>
    public bool IsLinearProbe { get; }

    /// <summary>The paper's linear probe.</summary>
    public static ClassifierSpec LinearProbe { get; } = new("linear_probe", null, true, null);

    /// <summary><c>lightgbm</c>: ML.NET's LightGbm multiclass trainer with its default settings, made reproducible
    /// (Seed 0, Deterministic, ForceRowWise, one thread).</summary>
    public static ClassifierSpec LightGbm { get; } = new("lightgbm", null, false, ml => ml.MulticlassClassification.Trainers.LightGbm(
        new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options { Seed = 0, Deterministic = true, ForceRowWise = true, NumberOfThreads = 1 }));

    /// <summary><c>sdca_maxent</c>: ML.NET's SdcaMaximumEntropy with its default settings, made reproducible (one thread,
    /// rows in data order).</summary>
    public static ClassifierSpec SdcaMaximumEntropy { get; } = new("sdca_maxent", null, false, ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
        new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1, Shuffle = false }));

    /// <summary>k-NN with k neighbors.</summary>
    public static ClassifierSpec KNearestNeighbors(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new ClassifierSpec($"knn_{k.ToString(CultureInfo.InvariantCulture)}", k, false, null);
    }

    /// <summary>Any ML.NET multiclass trainer (or a chain of transforms ending in one) under the paper's protocol.
    /// <paramref name="trainer"/> makes the estimator for each split's training rows: it reads the key-typed
    /// <c>Label</c> (every class of the data, ordinal order) and the <c>Features</c> vector and outputs a key-typed
    /// <c>PredictedLabel</c> (a stock trainer does); the rows are cached before it.</summary>
    /// <param name="name">Its name in reports and metrics.json: letters, digits, '_', '-', '.', '+'; not a built-in name.</param>
    /// <param name="trainer">Makes the estimator, e.g. <c>ml =&gt; ml.MulticlassClassification.Trainers.NaiveBayes()</c>.</param>
    /// <exception cref="ArgumentException">The name is empty, has other characters, or is a built-in classifier's.</exception>
    public static ClassifierSpec FromTrainer(string name, Func<MLContext, IEstimator<ITransformer>> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!CustomName().IsMatch(name))
            throw new ArgumentException($"classifier name '{name}' may hold only letters, digits, '_', '-', '.' and '+'", nameof(name));
        if (TryParse(name) is not null)
            throw new ArgumentException($"'{name}' is a built-in classifier's name: give the trainer a name of its own", nameof(name));
        return new ClassifierSpec(name, null, false, trainer);
    }

    /// <summary>The estimator of a classifier made from an ML.NET trainer (lightgbm, sdca_maxent, <see cref="FromTrainer"/>); null for
    /// the linear probe and k-NN, which the evaluator configures from <see cref="EvaluationOptions"/>.</summary>
    public IEstimator<ITransformer>? CreateTrainer(MLContext mlContext) => _trainer?.Invoke(mlContext);

    /// <summary>Parses "linear_probe", "knn_&lt;k&gt;" (k a positive integer without leading zeros), "lightgbm" or "sdca_maxent".</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static ClassifierSpec Parse(string name) => TryParse(name)
        ?? throw new ArgumentException($"unknown classifier '{name}' (expected linear_probe, knn_<k> (e.g. knn_1, knn_20), lightgbm or sdca_maxent)", nameof(name));

    /// <summary>The built-in classifier called <paramref name="name"/>, or null when it is not one.</summary>
    public static ClassifierSpec? TryParse(string name)
    {
        if (name == LinearProbe.Name) return LinearProbe;
        if (name == LightGbm.Name) return LightGbm;
        if (name == SdcaMaximumEntropy.Name) return SdcaMaximumEntropy;
        var match = KnnName().Match(name);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            ? KNearestNeighbors(k) : null;
    }

    /// <summary>Parses a list of names, keeping their order; a repeated name is an error.</summary>
    public static IReadOnlyList<ClassifierSpec> ParseList(IEnumerable<string> names) => Distinct(names.Select(n => Parse(n.Trim())).ToArray());

    /// <summary>Checks that <paramref name="specs"/> is not empty and has no name twice.</summary>
    internal static IReadOnlyList<ClassifierSpec> Distinct(IReadOnlyList<ClassifierSpec> specs)
    {
        var repeated = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"classifier '{repeated.Key}' is listed twice", nameof(specs));
        if (specs.Count == 0) throw new ArgumentException("no classifier given", nameof(specs));
        return specs;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Equal when the names are equal (a name stands for one classifier in a report).</summary>
    public bool Equals(ClassifierSpec? other) => other is not null && other.Name == Name;

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex("^knn_([1-9][0-9]*)$")]
    private static partial Regex KnnName();

    [GeneratedRegex("^[A-Za-z0-9_.+-]+$")]
    private static partial Regex CustomName();
}
