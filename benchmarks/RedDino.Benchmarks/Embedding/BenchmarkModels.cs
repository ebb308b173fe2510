using RedDino.Formats.Builtin;
using RedDino.Formats.Onnx.Precision;

namespace RedDino.Benchmarks.Embedding;

/// <summary>The backbones of the precision and batch-size measurements, made once into
/// BenchmarkDotNet.Artifacts/models/: the random-weight vits14 of <see cref="ThroughputInputs"/> at each
/// precision, the built-in ResNet-18 and the bundled RedDino-nano.</summary>
internal static class BenchmarkModels
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "BenchmarkDotNet.Artifacts", "models");

    /// <summary>The vits14 at <paramref name="precision"/> (converted from the fp32 file by the Formats converter).</summary>
    public static string Vits14(ModelPrecision precision)
    {
        var fp32 = ThroughputInputs.ModelPath();
        if (precision == ModelPrecision.Fp32) return fp32;
        var path = Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(fp32)}-{precision.Name()}.onnx");
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < File.GetLastWriteTimeUtc(fp32))
            OnnxPrecisionConverter.Convert(fp32, path, precision);
        return path;
    }

    /// <summary>The built-in ResNet-18 (224 px, D 512).</summary>
    public static string ResNet18()
    {
        var path = Path.Combine(Folder, $"{ResNet18ImageNetConverter.Name}.onnx");
        if (!File.Exists(path)) BuiltinBackbones.Export(ResNet18ImageNetConverter.Name, path);
        return path;
    }

    /// <summary>The bundled RedDino-nano (112 px, D 192).</summary>
    public static string Nano() => Path.Combine(RepositoryPaths.Root, "data-manifests", "models", "reddino-nano.onnx");
}
