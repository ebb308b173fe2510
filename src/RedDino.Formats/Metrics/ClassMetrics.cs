namespace RedDino.Formats.Metrics;

/// <summary>Per-class metrics of one split, with scikit-learn's definitions
/// (<c>precision_recall_fscore_support</c>). A value whose denominator is 0 is undefined: null here,
/// where scikit-learn reports 0 and warns.</summary>
/// <param name="Class">Class name.</param>
/// <param name="Precision">TP / (TP + FP): of the rows predicted as this class, the fraction that are; null when none is predicted.</param>
/// <param name="Recall">TP / support: of the rows of this class, the fraction predicted as it; null when support is 0.</param>
/// <param name="F1">2PR / (P + R), with an undefined P or R counted as 0 and F1 = 0 when P + R = 0;
/// null only when the class is neither true nor predicted anywhere in the split.</param>
/// <param name="Support">Number of rows whose true class is this one.</param>
public sealed record ClassMetrics(string Class, double? Precision, double? Recall, double? F1, int Support);
