using System.Globalization;

namespace RedDino.Backbone.Tests.Support;

/// <summary>Element-wise closeness |a - b| &lt;= atol + rtol |b| (b = the reference), with a message that
/// gives the worst element.</summary>
internal static class Close
{
    /// <summary>Asserts closeness and returns the largest |a - b| (for reports).</summary>
    public static double Assert(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double atol, double rtol, string what)
    {
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        double maxAbs = 0, worstExcess = double.NegativeInfinity;
        int worst = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            double a = actual[i], b = expected[i];
            if (double.IsNaN(a) || double.IsNaN(b))
                Microsoft.VisualStudio.TestTools.UnitTesting.Assert.Fail($"{what}: NaN at {i} (actual {a}, expected {b})");
            var err = Math.Abs(a - b);
            maxAbs = Math.Max(maxAbs, err);
            var excess = err - (atol + rtol * Math.Abs(b));
            if (excess > worstExcess)
            {
                worstExcess = excess;
                worst = i;
            }
        }
        if (worstExcess > 0)
            Microsoft.VisualStudio.TestTools.UnitTesting.Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: element {worst} is {actual[worst]} but expected {expected[worst]} (|a-b| <= {atol} + {rtol}|b| fails; max |a-b| {maxAbs:G3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: max |a-b| = {maxAbs:G3} over {expected.Length} values"));
        return maxAbs;
    }
}
