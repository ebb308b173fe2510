using RedDino.Backbone.Export;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.Benchmarks.Embedding;

/// <summary>What the throughput suites embed: <see cref="ImageCount"/> Chula cell crops (80x80 PNGs, so every
/// image is upsampled to 224 as in real use) from data-manifests/chula-sample, and a vits14 backbone.</summary>
/// <remarks>The model is <c>REDDINO_BENCH_MODEL</c> when set, else a random-weight vits14 (RedDino-small's
/// network; the weights do not change the speed) exported once by RedDino.Backbone into
/// BenchmarkDotNet.Artifacts/models/.</remarks>
internal static class ThroughputInputs
{
    public const int ImageCount = 64;

    public static Manifest Manifest()
    {
        var sample = Path.Combine(RepositoryPaths.Root, "data-manifests", "chula-sample", "manifest.csv");
        var full = RedDino.Formats.Manifests.Manifest.Read(sample);
        var rows = full.Rows.Take(ImageCount).Select(r => r with { Path = r.ResolvePath(full.BaseFolder()) }).ToList();
        if (rows.Count < ImageCount) throw new InvalidOperationException($"{sample} has only {rows.Count} rows");
        return new Manifest(rows, full.Columns);
    }

    public static string ModelPath()
    {
        if (Environment.GetEnvironmentVariable("REDDINO_BENCH_MODEL") is { Length: > 0 } given) return Path.GetFullPath(given);
        var path = Path.Combine(RepositoryPaths.Root, "BenchmarkDotNet.Artifacts", "models", "vits14-random-seed0.onnx");
        if (!File.Exists(path))
            RandomBackboneOnnx.Export("vits14", path, imageSize: 224, seed: 0); // written atomically
        return path;
    }
}
