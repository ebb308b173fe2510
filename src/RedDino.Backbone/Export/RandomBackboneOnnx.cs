using RedDino.Backbone.Vit;

namespace RedDino.Backbone.Export;

/// <summary>
/// "A random-weight model of arch X as an ONNX file", for benchmarks and tests that need a real
/// backbone file without a checkpoint (e.g. a vits14 at 224 px). Weights from
/// <see cref="RandomWeights"/> (seeded: same seed, same file).
/// </summary>
public static class RandomBackboneOnnx
{
    /// <summary>Writes a random <paramref name="settings"/> model to <paramref name="path"/>; returns the file size.</summary>
    public static long Export(VitSettings settings, string path, ulong seed = 0, OnnxExportOptions? options = null)
    {
        using var model = RandomWeights.Create(settings, seed);
        return VitOnnxExporter.Export(model, path, options);
    }

    /// <summary>Same for a published name ("vits14", "vitb14", "vitl14") at <paramref name="imageSize"/>.</summary>
    public static long Export(string arch, string path, int imageSize = 224, ulong seed = 0) =>
        Export(VitSettings.FromName(arch, imageSize), path, seed);
}
