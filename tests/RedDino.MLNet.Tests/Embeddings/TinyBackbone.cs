using System.Globalization;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The tiny ViT fixture of tests/fixtures/scripts/make_tiny_backbone.py: ONNX files, a manifest
/// of the imaging fixture images, and the embeddings PIL + PyTorch give for them.</summary>
internal static class TinyBackbone
{
    public const int Dim = 32;
    public const int ImageSize = 42;

    public static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    public static string ModelWithoutMetadata => RepoPaths.Fixture("embedding", "tiny_vit_nometa.onnx");
    public static string WrongNames => RepoPaths.Fixture("embedding", "tiny_wrong_names.onnx");
    public static string ManifestPath => RepoPaths.Fixture("embedding", "manifest.csv");

    /// <summary>Expected [rows, D] embeddings (row-major) of manifest.csv for a model file stem.</summary>
    public static float[] Expected(string modelStem)
    {
        var lines = File.ReadAllLines(RepoPaths.Fixture("embedding", $"expected_{modelStem}.csv")).Skip(1);
        return lines.SelectMany(l => l.Split(',').Skip(5).Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
    }

    /// <summary>|a - b| &lt;= atol + rtol * |b| for every value; the message names the worst one.
    /// Returns max |a - b| for the test log.</summary>
    public static double AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        var worst = 0.0;
        var worstAt = -1;
        var maxAbs = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(actual[i] - expected[i]));
            var excess = Math.Abs(actual[i] - expected[i]) - (atol + rtol * Math.Abs(expected[i]));
            if (excess > worst) (worst, worstAt) = (excess, i);
        }
        Assert.IsLessThan(0, worstAt, worstAt < 0 ? "" :
            $"{what}: value {worstAt} (row {worstAt / Dim}) is {actual[worstAt]}, expected {expected[worstAt]} (tolerance {atol} + {rtol}*|b|)");
        return maxAbs;
    }

    /// <summary>A copy of manifest.csv in a fresh folder whose image paths are absolute.</summary>
    public static Manifest ManifestCopy(out string folder)
    {
        var source = Manifest.Read(ManifestPath);
        folder = RepoPaths.NewTempFolder();
        var baseFolder = source.BaseFolder();
        var rows = source.Rows.Select(r => r with { Path = r.ResolvePath(baseFolder) }).ToList();
        var path = Path.Combine(folder, "manifest.csv");
        new Manifest(rows, source.Columns).Write(path);
        return Manifest.Read(path);
    }
}
