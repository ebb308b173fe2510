using System.Text.Json;
using RedDino.Tests.Shared;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Support;

/// <summary>Reads tests/fixtures/pretraining/*.json (written by
/// tests/fixtures/scripts/make_pretraining_fixtures.py) and compares tensors with them.</summary>
internal sealed class PretrainingFixture
{
    public const double Atol = 1e-6;
    public const double Rtol = 1e-5;

    private PretrainingFixture(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static PretrainingFixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("pretraining", name)));
        return new PretrainingFixture(doc.RootElement.Clone());
    }

    public double Number(string key) => Root.GetProperty(key).GetDouble();
    public int Int(string key) => Root.GetProperty(key).GetInt32();

    public Tensor Tensor(string key) => ToTensor(Root.GetProperty(key));

    /// <summary>A nested JSON array as a float32 tensor of the same shape.</summary>
    public static Tensor ToTensor(JsonElement e)
    {
        var shape = new List<long>();
        for (var cur = e; cur.ValueKind == JsonValueKind.Array; cur = cur[0])
        {
            shape.Add(cur.GetArrayLength());
            if (cur.GetArrayLength() == 0) break;
        }
        var values = new List<float>();
        Flatten(e, values);
        return tensor(values.ToArray(), shape.ToArray());
    }

    public static double[] Doubles(JsonElement e)
    {
        var values = new List<double>();
        FlattenDouble(e, values);
        return values.ToArray();
    }

    private static void Flatten(JsonElement e, List<float> values)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var child in e.EnumerateArray()) Flatten(child, values);
        else values.Add((float)e.GetDouble());
    }

    private static void FlattenDouble(JsonElement e, List<double> values)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var child in e.EnumerateArray()) FlattenDouble(child, values);
        else values.Add(e.GetDouble());
    }

    /// <summary>|a - b| &lt;= atol + rtol |b| elementwise, with the first offending index in the message.</summary>
    public static void AssertClose(Tensor actual, JsonElement expected, string what, double atol = Atol, double rtol = Rtol) =>
        AssertClose(actual.to_type(ScalarType.Float64).data<double>().ToArray(), Doubles(expected), what, atol, rtol);

    public static void AssertClose(double[] actual, double[] expected, string what, double atol = Atol, double rtol = Rtol)
    {
        Assert.HasCount(expected.Length, actual, $"{what}: length");
        for (var i = 0; i < expected.Length; i++)
        {
            var ok = Math.Abs(actual[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]);
            Assert.IsTrue(ok, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R} (atol {atol}, rtol {rtol})");
        }
    }

    public static void AssertClose(double actual, double expected, string what, double atol = Atol, double rtol = Rtol) =>
        AssertClose([actual], [expected], what, atol, rtol);
}
