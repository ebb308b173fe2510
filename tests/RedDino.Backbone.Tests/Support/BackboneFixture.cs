using System.Text.Json;
using RedDino.Backbone.Vit;
using RedDino.Tests.Shared;
using SkiaSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Support;

/// <summary>The files written by tests/fixtures/scripts/make_backbone_fixtures.py (see
/// tests/fixtures/backbone/README.md): tiny checkpoints, four cell PNGs and PyTorch reference outputs.</summary>
internal static class BackboneFixture
{
    public const double Atol = 1e-4, Rtol = 1e-4;

    private static readonly Lazy<JsonDocument> Description = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path("expected.json"))));

    public static string Path(params string[] parts) => RepoPaths.Fixture(["backbone", .. parts]);

    public static string TimmSafetensors => Path("tiny_vit_timm.safetensors");
    public static string TeacherCheckpoint => Path("tiny_vit_teacher_checkpoint.pth");
    public static string HubCheckpoint => Path("tiny_vit_hub.pth");

    /// <summary>The tiny ViT of the fixture: D 64, 2 blocks, 1 head, MLP 64, patch 14, 224 px.</summary>
    public static VitSettings TinySettings => VitSettings.Custom(64, 2, 1, 64);

    /// <summary>A reference array and its shape.</summary>
    public static (float[] Values, long[] Shape) Expected(string name)
    {
        var entry = Description.Value.RootElement.GetProperty("arrays").GetProperty(name);
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var bytes = File.ReadAllBytes(Path(entry.GetProperty("file").GetString()!));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length); // little-endian float32, as on x86-64
        Assert.AreEqual(shape.Aggregate(1L, (a, b) => a * b), values.LongLength, $"{name}: size");
        return (values, shape);
    }

    public static int[] MaskIndices => Description.Value.RootElement.GetProperty("mask_indices")
        .EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] ImageFiles => Description.Value.RootElement.GetProperty("images")
        .EnumerateArray().Select(e => Path(e.GetProperty("file").GetString()!)).ToArray();

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The four fixture cells as [4, 3, 224, 224]: PNG -> RGB -> /255 -> ImageNet normalise.</summary>
    public static Tensor Images()
    {
        var files = ImageFiles;
        var data = new float[files.Length * 3 * 224 * 224];
        for (var i = 0; i < files.Length; i++)
        {
            using var bitmap = SKBitmap.Decode(files[i]);
            Assert.AreEqual(224, bitmap.Width, files[i]);
            Assert.AreEqual(224, bitmap.Height, files[i]);
            for (var y = 0; y < 224; y++)
                for (var x = 0; x < 224; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    byte[] rgb = [c.Red, c.Green, c.Blue];
                    for (var ch = 0; ch < 3; ch++)
                        data[((i * 3 + ch) * 224 + y) * 224 + x] = (rgb[ch] / 255f - Mean[ch]) / Std[ch];
                }
        }
        return tensor(data, [files.Length, 3, 224, 224]);
    }
}
