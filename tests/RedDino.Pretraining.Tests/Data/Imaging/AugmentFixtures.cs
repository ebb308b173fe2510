using System.IO.Compression;
using System.Text.Json;
using RedDino.Pretraining.Data.Imaging;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>Reads tests/fixtures/pretraining/augment (written by
/// tests/fixtures/scripts/make_augmentation_fixtures.py with OpenCV 4.6): cases.json and one gzip
/// file of raw little-endian values per array.</summary>
internal static class AugmentFixtures
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("pretraining", "augment", "cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    });

    public static JsonElement Case(string name) =>
        Cases.Value.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"fixture case {name} missing: rerun make_augmentation_fixtures.py");

    public static int[] Shape(string name) => Case(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static byte[] Raw(string name)
    {
        using var file = File.OpenRead(RepoPaths.Fixture("pretraining", "augment", Case(name).GetProperty("file").GetString()!));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>A uint8 array [H, W] or [H, W, C] as a raster.</summary>
    public static Raster Image(string name)
    {
        var shape = Shape(name);
        return new Raster(Raw(name), shape[1], shape[0], shape.Length == 3 ? shape[2] : 1);
    }

    public static float[] Floats(string name)
    {
        var raw = Raw(name);
        var values = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        return values;
    }

    public static double[] Doubles(string name)
    {
        var raw = Raw(name);
        var values = new double[raw.Length / 8];
        Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        return values;
    }

    /// <summary>A float32 [kh, kw] kernel.</summary>
    public static float[,] Kernel(string name)
    {
        var shape = Shape(name);
        var values = Floats(name);
        var kernel = new float[shape[0], shape[1]];
        Buffer.BlockCopy(values, 0, kernel, 0, values.Length * sizeof(float));
        return kernel;
    }
}
