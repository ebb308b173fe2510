namespace RedDino.Formats.Metrics;

/// <summary>Metrics of one split's predictions, with scikit-learn's definitions (docs/formats/metrics-json.md,
/// "Metrics"). Immutable. All values are fractions in [0, 1]; null means undefined.</summary>
public sealed class ClassificationMetrics
{
    private readonly int[][] _confusion;

    private ClassificationMetrics(int count, double? accuracy, double? balancedAccuracy, double? weightedF1,
        IReadOnlyList<ClassMetrics> perClass, int[][] confusion)
    {
        Count = count;
        Accuracy = accuracy;
        BalancedAccuracy = balancedAccuracy;
        WeightedF1 = weightedF1;
        PerClass = perClass;
        _confusion = confusion;
    }

    /// <summary>Number of predicted rows n.</summary>
    public int Count { get; }

    /// <summary>correct / n (<c>accuracy_score</c>); null when n = 0.</summary>
    public double? Accuracy { get; }

    /// <summary>Mean over the classes present in the true labels of their recall
    /// (<c>balanced_accuracy_score</c>: classes that only appear in predictions are left out); null when n = 0.</summary>
    public double? BalancedAccuracy { get; }

    /// <summary>Σ_c F1_c · support_c / n over all classes (<c>f1_score(average="weighted")</c>), F1_c as in
    /// <see cref="ClassMetrics.F1"/> with undefined counted as 0; null when n = 0.</summary>
    public double? WeightedF1 { get; }

    /// <summary>One entry per class, in class-index order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Confusion matrix [K, K]: row = true class, column = predicted class (<c>confusion_matrix(labels=classes)</c>).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Confusion => _confusion;

    /// <summary>The headline triple (accuracy, balanced accuracy, weighted F1).</summary>
    public SummaryMetrics Summary => new(Accuracy, BalancedAccuracy, WeightedF1);

    /// <summary>Metrics as stored in a file (metrics.json): the values are taken as they are, n is the
    /// confusion matrix's total.</summary>
    /// <param name="accuracy">Accuracy, or null when undefined.</param>
    /// <param name="balancedAccuracy">Balanced accuracy, or null.</param>
    /// <param name="weightedF1">Weighted F1, or null.</param>
    /// <param name="perClass">One entry per class, in class-index order.</param>
    /// <param name="confusion">[K, K], row = true class, column = predicted class.</param>
    public static ClassificationMetrics FromValues(double? accuracy, double? balancedAccuracy, double? weightedF1,
        IReadOnlyList<ClassMetrics> perClass, IReadOnlyList<IReadOnlyList<int>> confusion)
    {
        var copy = confusion.Select(row => row.ToArray()).ToArray();
        return new ClassificationMetrics(copy.Sum(row => row.Sum()), accuracy, balancedAccuracy, weightedF1, perClass.ToArray(), copy);
    }

    /// <summary>Computes the metrics of predicted class indexes against true ones.</summary>
    /// <param name="truth">True class index per row (0..K-1).</param>
    /// <param name="predicted">Predicted class index per row (0..K-1).</param>
    /// <param name="classes">Class names; position = index.</param>
    public static ClassificationMetrics Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, IReadOnlyList<string> classes)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions");
        var k = classes.Count;
        var confusion = new int[k][];
        for (var c = 0; c < k; c++) confusion[c] = new int[k];
        for (var i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(truth), $"row {i}: class index outside 0..{k - 1}");
            confusion[truth[i]][predicted[i]]++;
        }
        return FromConfusion(confusion, classes);
    }

    /// <summary>Computes the metrics from a confusion matrix [K, K] (row = true, column = predicted).</summary>
    public static ClassificationMetrics FromConfusion(int[][] confusion, IReadOnlyList<string> classes)
    {
        var k = classes.Count;
        if (confusion.Length != k || confusion.Any(row => row.Length != k))
            throw new ArgumentException($"the confusion matrix must be {k}x{k}", nameof(confusion));
        var copy = confusion.Select(row => (int[])row.Clone()).ToArray();
        var n = copy.Sum(row => row.Sum());
        var perClass = new ClassMetrics[k];
        long correct = 0;
        double recallSum = 0, weightedF1Sum = 0;
        var classesInTruth = 0;
        for (var c = 0; c < k; c++)
        {
            var truePositives = copy[c][c];
            var support = copy[c].Sum();
            var predictedCount = 0;
            for (var t = 0; t < k; t++) predictedCount += copy[t][c];
            double? precision = predictedCount > 0 ? (double)truePositives / predictedCount : null;
            double? recall = support > 0 ? (double)truePositives / support : null;
            double? f1 = predictedCount + support > 0 ? F1(precision ?? 0, recall ?? 0) : null;
            perClass[c] = new ClassMetrics(classes[c], precision, recall, f1, support);
            correct += truePositives;
            if (support > 0)
            {
                classesInTruth++;
                recallSum += recall!.Value;
                weightedF1Sum += f1!.Value * support;
            }
        }
        return n == 0
            ? new ClassificationMetrics(0, null, null, null, perClass, copy)
            : new ClassificationMetrics(n, (double)correct / n, recallSum / classesInTruth, weightedF1Sum / n, perClass, copy);
    }

    // scikit-learn 1.2: (1 + β²) P R / (β² P + R) with β = 1, and 0 when the denominator is 0.
    private static double F1(double precision, double recall)
    {
        var denominator = precision + recall;
        return denominator == 0 ? 0 : 2 * precision * recall / denominator;
    }
}
