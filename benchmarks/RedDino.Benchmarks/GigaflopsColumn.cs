using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RedDino.Benchmarks;

/// <summary>A summary column: floating-point operations per benchmark invocation / mean time, in GFLOP/s.
/// The benchmark class says how many operations one invocation does.</summary>
internal sealed class GigaflopsColumn(Func<BenchmarkCase, double> flopsPerInvocation) : IColumn
{
    public string Id => nameof(GigaflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Multiply-add operations (2·Q·R·D) per second, in 1e9";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        var nanoseconds = report?.ResultStatistics?.Mean;
        return nanoseconds is > 0 ? (flopsPerInvocation(benchmarkCase) / nanoseconds.Value).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
