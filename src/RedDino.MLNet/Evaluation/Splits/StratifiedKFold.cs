namespace RedDino.MLNet.Evaluation;

/// <summary>Stratified k-fold assignment identical to scikit-learn 1.2's <c>StratifiedKFold(n_splits=k)</c>
/// (docs/reference/evaluation-protocol.md, "Splits"); with a seed, identical to
/// <c>StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)</c>.</summary>
/// <remarks>
/// Algorithm: encode each label by order of first appearance; sort the codes; allocation[f][c] =
/// how many codes c sit at positions f, f+k, f+2k, ... of the sorted list; the rows of class c, in
/// data order, then get fold 0 allocation[0][c] times, fold 1 allocation[1][c] times, and so on.
/// With a seed, each class's fold list is shuffled (classes in first-appearance order) by numpy's
/// legacy <c>RandomState(seed).shuffle</c>, as scikit-learn does.
/// </remarks>
internal static class StratifiedKFold
{
    /// <summary>The fold (0..folds-1) of every row. Fold f is the test set of split f.</summary>
    /// <param name="labels">One label per row, in data order.</param>
    /// <param name="folds">Number of folds k (at least 2).</param>
    /// <param name="shuffleSeed">null: no shuffling (scikit-learn's default); else numpy's legacy seed (0..2^32-1).</param>
    /// <param name="warn">Receives scikit-learn's warning when the smallest class has fewer rows than folds.</param>
    /// <exception cref="InvalidDataException">More folds than rows, or every class has fewer rows than folds.</exception>
    public static int[] AssignFolds(IReadOnlyList<string> labels, int folds = 5, uint? shuffleSeed = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(folds), folds,
                $"k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits={folds}.");
        if (folds > labels.Count)
            throw new InvalidDataException(
                $"Cannot have number of splits n_splits={folds} greater than the number of samples: n_samples={labels.Count}.");

        var (codes, classCount) = EncodeByFirstAppearance(labels);
        var counts = new int[classCount];
        foreach (var code in codes) counts[code]++;
        var smallest = counts.Min();
        if (counts.All(c => c < folds))
            throw new InvalidDataException($"n_splits={folds} cannot be greater than the number of members in each class.");
        if (smallest < folds)
            warn?.Invoke($"The least populated class in y has only {smallest} members, which is less than n_splits={folds}.");

        var allocation = Allocate(counts, folds);
        var random = shuffleSeed is { } seed ? new NumpyLegacyRandom(seed) : null;
        var foldOfRow = new int[codes.Length];
        var rowsOfClass = new List<int>[classCount];
        for (var c = 0; c < classCount; c++) rowsOfClass[c] = new List<int>(counts[c]);
        for (var row = 0; row < codes.Length; row++) rowsOfClass[codes[row]].Add(row);
        for (var c = 0; c < classCount; c++)
        {
            var foldsForClass = new int[counts[c]];
            for (int f = 0, position = 0; f < folds; f++)
                for (var repeat = 0; repeat < allocation[f, c]; repeat++)
                    foldsForClass[position++] = f;
            random?.Shuffle(foldsForClass);
            for (var i = 0; i < foldsForClass.Length; i++)
                foldOfRow[rowsOfClass[c][i]] = foldsForClass[i];
        }
        return foldOfRow;
    }

    /// <summary>The k splits, split f testing fold f (see <see cref="AssignFolds"/>).</summary>
    public static IReadOnlyList<DataSplit> Split(IReadOnlyList<string> labels, int folds = 5, uint? shuffleSeed = null, Action<string>? warn = null)
    {
        var foldOfRow = AssignFolds(labels, folds, shuffleSeed, warn);
        return Enumerable.Range(0, folds)
            .Select(f => DataSplit.FromMask(f, null, foldOfRow.Length, row => foldOfRow[row] == f))
            .ToArray();
    }

    private static (int[] Codes, int ClassCount) EncodeByFirstAppearance(IReadOnlyList<string> labels)
    {
        var codeOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[labels.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            if (!codeOf.TryGetValue(labels[i], out var code))
                codeOf[labels[i]] = code = codeOf.Count;
            codes[i] = code;
        }
        return (codes, codeOf.Count);
    }

    /// <summary>allocation[f, c]: rows of class c in fold f, by round robin over the sorted codes.</summary>
    private static int[,] Allocate(int[] counts, int folds)
    {
        var allocation = new int[folds, counts.Length];
        var position = 0;
        for (var c = 0; c < counts.Length; c++)
            for (var i = 0; i < counts[c]; i++, position++)
                allocation[position % folds, c]++;
        return allocation;
    }
}
