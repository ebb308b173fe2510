namespace RedDino.MLNet.Evaluation;

/// <summary>One train/test split of a data set: row indexes (0-based, in data order) of each side.</summary>
/// <param name="Index">Split number: the fold for k-fold, the group's position in ordinal order for leave-one-group-out.</param>
/// <param name="TestGroup">The held-out group for leave-one-group-out; null for k-fold.</param>
/// <param name="TrainRows">Rows to fit on, ascending.</param>
/// <param name="TestRows">Rows to predict, ascending.</param>
public sealed record DataSplit(int Index, string? TestGroup, int[] TrainRows, int[] TestRows)
{
    /// <summary>Builds the split that tests the rows where <paramref name="isTest"/> holds and trains on the rest.</summary>
    internal static DataSplit FromMask(int index, string? testGroup, int rowCount, Func<int, bool> isTest)
    {
        var train = new List<int>(rowCount);
        var test = new List<int>();
        for (var row = 0; row < rowCount; row++)
            (isTest(row) ? test : train).Add(row);
        return new DataSplit(index, testGroup, train.ToArray(), test.ToArray());
    }
}
