namespace RedDino.MLNet.Evaluation;

/// <summary>Leave-one-group-out splits (scikit-learn's <c>LeaveOneGroupOut</c>): one split per distinct
/// group, in ordinal string order of the group values; split s tests the rows of group s and trains
/// on all the others. The paper's leave-one-source-out protocol is this over the <c>source</c> column.</summary>
internal static class LeaveOneGroupOut
{
    /// <summary>The splits, one per group.</summary>
    /// <param name="groups">One group per row, in data order.</param>
    /// <param name="columnName">Column the groups came from, for error messages.</param>
    /// <exception cref="InvalidDataException">A row has no group, or there are fewer than two groups.</exception>
    public static IReadOnlyList<DataSplit> Split(IReadOnlyList<string?> groups, string columnName = "source")
    {
        ArgumentNullException.ThrowIfNull(groups);
        for (var row = 0; row < groups.Count; row++)
            if (string.IsNullOrEmpty(groups[row]))
                throw new InvalidDataException($"row {row}: empty '{columnName}' (leave-one-group-out needs a group on every row)");
        var distinct = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (distinct.Length < 2)
            throw new InvalidDataException(
                $"The '{columnName}' column contains fewer than 2 unique groups ({string.Join(", ", distinct)}). LeaveOneGroupOut expects at least 2.");
        return distinct
            .Select((group, index) => DataSplit.FromMask(index, group, groups.Count, row => string.Equals(groups[row], group, StringComparison.Ordinal)))
            .ToArray();
    }
}
