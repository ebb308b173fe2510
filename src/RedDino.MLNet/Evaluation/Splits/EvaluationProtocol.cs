namespace RedDino.MLNet.Evaluation;

/// <summary>How a data set is split for evaluation (docs/reference/evaluation-protocol.md, "Splits"): stratified
/// k-fold (<c>kfold</c>) or leave-one-group-out (<c>loso</c>). Names match metrics.json's "protocol".</summary>
public abstract record EvaluationProtocol
{
    /// <summary>"kfold" or "loso", as written in metrics.json and accepted by <c>reddino eval --protocol</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Fold count for k-fold (metrics.json "folds"); null otherwise.</summary>
    public virtual int? Folds => null;

    /// <summary>Group column for leave-one-group-out (metrics.json "group_column"); null otherwise.</summary>
    public virtual string? GroupColumn => null;

    /// <summary>Stratified k-fold identical to scikit-learn's StratifiedKFold (see <see cref="StratifiedKFold"/>).</summary>
    public static EvaluationProtocol KFold(int folds = EvaluationDefaults.Folds, uint? shuffleSeed = null) =>
        new StratifiedKFoldProtocol(folds, shuffleSeed);

    /// <summary>Leave-one-group-out over <paramref name="groupColumn"/> (the paper's leave-one-source-out).</summary>
    public static EvaluationProtocol LeaveOneGroupOut(string groupColumn = EvaluationDefaults.GroupColumn) =>
        new LeaveOneGroupOutProtocol(groupColumn);

    /// <summary>Parses a protocol name ("kfold" | "loso") with its setting.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static EvaluationProtocol Parse(string name, int folds = EvaluationDefaults.Folds, string groupColumn = EvaluationDefaults.GroupColumn) =>
        name switch
        {
            "kfold" => KFold(folds),
            "loso" => LeaveOneGroupOut(groupColumn),
            _ => throw new ArgumentException($"unknown protocol '{name}' (expected kfold or loso)", nameof(name)),
        };

    /// <summary>The splits of a data set.</summary>
    /// <param name="labels">One label per row, in data order.</param>
    /// <param name="columnValues">Values of a named column, one per row (used for the group column).</param>
    /// <param name="warn">Receives non-fatal warnings (a class smaller than the fold count).</param>
    public abstract IReadOnlyList<DataSplit> MakeSplits(IReadOnlyList<string> labels, Func<string, IReadOnlyList<string?>> columnValues, Action<string>? warn = null);
}

/// <summary>Stratified k-fold; <see cref="ShuffleSeed"/> null = scikit-learn's default (no shuffling).</summary>
/// <param name="FoldCount">Number of folds k.</param>
/// <param name="ShuffleSeed">numpy legacy seed for scikit-learn's shuffle=True, or null.</param>
public sealed record StratifiedKFoldProtocol(int FoldCount, uint? ShuffleSeed = null) : EvaluationProtocol
{
    /// <inheritdoc/>
    public override string Name => "kfold";

    /// <inheritdoc/>
    public override int? Folds => FoldCount;

    /// <inheritdoc/>
    public override IReadOnlyList<DataSplit> MakeSplits(IReadOnlyList<string> labels, Func<string, IReadOnlyList<string?>> columnValues, Action<string>? warn = null) =>
        StratifiedKFold.Split(labels, FoldCount, ShuffleSeed, warn);
}

/// <summary>Leave-one-group-out over a column (leave-one-source-out with "source").</summary>
/// <param name="Column">Name of the column holding each row's group.</param>
public sealed record LeaveOneGroupOutProtocol(string Column) : EvaluationProtocol
{
    /// <inheritdoc/>
    public override string Name => "loso";

    /// <inheritdoc/>
    public override string? GroupColumn => Column;

    /// <inheritdoc/>
    public override IReadOnlyList<DataSplit> MakeSplits(IReadOnlyList<string> labels, Func<string, IReadOnlyList<string?>> columnValues, Action<string>? warn = null) =>
        Evaluation.LeaveOneGroupOut.Split(columnValues(Column), Column);
}
