namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>The pooled out-of-fold predictions of one classifier: under k-fold and leave-one-group-out
/// every row is a test row of exactly one split, so its prediction from that split is its out-of-fold
/// prediction.</summary>
public static class OutOfFoldPredictions
{
    /// <summary>The predicted class index of every row (data order).</summary>
    /// <param name="classifier">Per-split predictions of one classifier.</param>
    /// <param name="rowCount">Number of rows n.</param>
    /// <exception cref="InvalidOperationException">A row is predicted by no split or by several (names the 1-based row).</exception>
    public static int[] Pool(ClassifierEvaluation classifier, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var pooled = new int[rowCount];
        Array.Fill(pooled, -1);
        foreach (var split in classifier.Splits)
        {
            if (split.Predicted.Count != split.TestRows.Count)
                throw new InvalidOperationException($"{classifier.Name} split {split.Split}: {split.Predicted.Count} predictions for {split.TestRows.Count} test rows");
            for (var t = 0; t < split.TestRows.Count; t++)
            {
                var row = split.TestRows[t];
                if ((uint)row >= (uint)rowCount)
                    throw new InvalidOperationException($"{classifier.Name} split {split.Split}: test row {row + 1} outside 1..{rowCount}");
                if (pooled[row] >= 0)
                    throw new InvalidOperationException($"{classifier.Name}: row {row + 1} is a test row of more than one split; pooled out-of-fold predictions need each row tested once");
                pooled[row] = split.Predicted[t];
            }
        }
        var missing = Array.IndexOf(pooled, -1);
        if (missing >= 0)
            throw new InvalidOperationException($"{classifier.Name}: row {missing + 1} is a test row of no split; pooled out-of-fold predictions need each row tested once");
        return pooled;
    }
}
