using System.Globalization;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Embeddings;

namespace RedDino.GpuCheck;

/// <summary>Command-line settings of the check.</summary>
/// <param name="ModelPath">The fp32 backbone; other precisions are converted from it.</param>
/// <param name="Precisions">Precisions to measure (default fp32, fp16).</param>
internal sealed record CheckSettings(string ModelPath, IReadOnlyList<string> ImagePaths, int[] Batches, EmbeddingDevice Device, int GpuId,
    IReadOnlyList<ModelPrecision> Precisions)
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];

    public static CheckSettings Parse(string[] args)
    {
        string? model = null, images = null;
        var count = 256;
        var batches = new[] { 1, 8, 32 };
        var device = EmbeddingDevice.Cuda;
        var gpuId = 0;
        ModelPrecision[] precisions = [ModelPrecision.Fp32, ModelPrecision.Fp16];
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--model": model = Next(); break;
                case "--images": images = Next(); break;
                case "--count": count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batches": batches = Next().Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--device": device = Enum.Parse<EmbeddingDevice>(Next(), ignoreCase: true); break;
                case "--gpu-id": gpuId = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--precisions": precisions = Next().Split(',').Select(ModelPrecisions.Parse).ToArray(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (model is null || images is null)
            throw new ArgumentException("usage: reddino-gpucheck --model FILE.onnx --images DIR [--count N] [--batches 1,8,32] [--device cuda|cpu] [--gpu-id 0] [--precisions fp32,fp16]");

        // Repeat the folder's images until there are `count` of them, so small samples still give long runs.
        var files = Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new ArgumentException($"no images under {images}");
        var paths = Enumerable.Range(0, count).Select(i => files[i % files.Length]).ToArray();
        return new CheckSettings(Path.GetFullPath(model), paths, batches, device, gpuId, precisions);
    }
}
