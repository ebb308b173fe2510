using System.Text.Json;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Support;

/// <summary>One DINOv2 training step run by the official code (facebookresearch/dinov2), written by
/// tests/fixtures/scripts/make_dinov2_step_fixtures.py: step_parity.json (settings, schedule values,
/// loss terms per scenario) and step_parity.safetensors (crops, masks, the initial student, teacher,
/// AdamW moments and centers, and per scenario the student gradients and the post-step weights).</summary>
internal sealed class StepParityFixture : IDisposable
{
    private StepParityFixture(JsonElement root, Dictionary<string, Tensor> tensors)
    {
        Root = root;
        Tensors = tensors;
    }

    public JsonElement Root { get; }
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    public static StepParityFixture Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("pretraining", "step_parity.json")));
        return new StepParityFixture(doc.RootElement.Clone(), SafetensorsFile.Read(RepoPaths.Fixture("pretraining", "step_parity.safetensors")));
    }

    public JsonElement Scenario(string name) => Root.GetProperty("scenarios").GetProperty(name);

    public Tensor this[string key] => Tensors.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"fixture tensor '{key}' missing");

    /// <summary>The tensors under "<paramref name="prefix"/>." keyed by the rest of their name.</summary>
    public Dictionary<string, Tensor> WithPrefix(string prefix) =>
        Tensors.Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value);

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}

/// <summary>Elementwise |a - b| &lt;= atol + rtol |b| over whole tensors, with the worst element
/// named on failure and the largest differences kept for the report.</summary>
internal sealed class ToleranceReport(double atol, double rtol)
{
    private readonly Dictionary<string, (double Abs, double Rel, double Used)> worst = new();

    public void AssertClose(Tensor actual, Tensor expected, string what, string group)
    {
        CollectionAssert.AreEqual(expected.shape, actual.shape, $"{what}: shape");
        using var scope = NewDisposeScope();
        var a = actual.detach().to_type(ScalarType.Float64);
        var b = expected.to_type(ScalarType.Float64);
        var diff = (a - b).abs();
        var excess = diff - (b.abs() * rtol + atol);
        var maxAbs = diff.numel() == 0 ? 0 : diff.max().item<double>();
        var sizable = b.abs() > 1e-4; // relative differences of values near 0 say nothing
        var maxRel = sizable.any().item<bool>() ? (diff / b.abs()).masked_select(sizable).max().item<double>() : 0;
        var used = diff.numel() == 0 ? 0 : (diff / (b.abs() * rtol + atol)).max().item<double>(); // share of the tolerance
        var (abs, rel, u) = worst.GetValueOrDefault(group);
        worst[group] = (Math.Max(abs, maxAbs), Math.Max(rel, maxRel), Math.Max(u, used));
        if (diff.numel() > 0 && excess.max().item<double>() > 0)
        {
            var i = excess.flatten().argmax().item<long>();
            Assert.Fail($"{what}[{i}]: {a.flatten()[i].item<double>():R} vs official {b.flatten()[i].item<double>():R} " +
                $"(|diff| {diff.flatten()[i].item<double>():E2} > atol {atol} + rtol {rtol} |b|)");
        }
    }

    public void AssertClose(double actual, double expected, string what, string group)
    {
        using var a = tensor(actual, ScalarType.Float64);
        using var b = tensor(expected, ScalarType.Float64);
        AssertClose(a, b, what, group);
    }

    public string Describe() => string.Join("; ", worst.Select(kv => $"{kv.Key}: max |diff| {kv.Value.Abs:E2}, max rel {kv.Value.Rel:E2} (|b| > 1e-4), {kv.Value.Used:P0} of the tolerance"));
}
