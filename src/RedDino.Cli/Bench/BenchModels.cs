using RedDino.Formats.Builtin;
using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Formats.IO;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Bench;

/// <summary>Finds the ONNX file of each pipeline backbone: a `model` is used as it is; a `builtin`
/// is exported into &lt;cache&gt;/models/ on every run (two seconds; the export is byte-for-byte
/// deterministic, so the embedding cache still hits); a `checkpoint` is converted once and reused
/// (its file is keyed by the checkpoint's sha256, arch and image size, so a changed checkpoint is
/// converted again).</summary>
internal static class BenchModels
{
    /// <summary>Checks, before anything is embedded, that every model and checkpoint file exists and can be
    /// opened, and that every model is a backbone of the contract: a typo in the last backbone then fails
    /// at once instead of after hours of work on the others.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (names the backbone and the file).</exception>
    /// <exception cref="InvalidDataException">A model is not a loadable backbone (names the file).</exception>
    public static void CheckFiles(IEnumerable<BenchBackbone> backbones)
    {
        foreach (var backbone in backbones.Where(b => b.Kind != BackboneKind.Builtin))
        {
            var what = backbone.Kind == BackboneKind.Model ? "model" : "checkpoint";
            if (!File.Exists(backbone.Value))
                throw new FileNotFoundException($"backbone '{backbone.Name}': {what} not found: {backbone.Value}", backbone.Value);
            using (File.OpenRead(backbone.Value)) { } // unreadable: UnauthorizedAccessException naming the file
            if (backbone.Kind == BackboneKind.Model)
                RedDinoModelInfo.Read(backbone.Value);
        }
    }

    public static string Resolve(BenchBackbone backbone, string cacheFolder, Action<string> log)
    {
        switch (backbone.Kind)
        {
            case BackboneKind.Model:
                return File.Exists(backbone.Value) ? backbone.Value
                    : throw new FileNotFoundException($"backbone '{backbone.Name}': model not found: {backbone.Value}", backbone.Value);
            case BackboneKind.Builtin:
            {
                var path = Path.Combine(cacheFolder, "models", $"{backbone.Value}.onnx");
                BuiltinBackbones.Export(backbone.Value, path);
                return path;
            }
            default:
            {
                if (!File.Exists(backbone.Value))
                    throw new FileNotFoundException($"backbone '{backbone.Name}': checkpoint not found: {backbone.Value}", backbone.Value);
                var options = new ImportOptions();
                if (backbone.Arch is { } arch) options.Arch = arch;
                if (backbone.ImageSize is { } size) options.ImageSize = size;
                var key = $"{FileHash.Sha256(backbone.Value)[..16]}-{options.Arch}-{options.ImageSize}";
                var path = Path.Combine(cacheFolder, "models", $"checkpoint-{key}.onnx");
                if (!File.Exists(path))
                {
                    log($"converting checkpoint {backbone.Value} to ONNX ({path})");
                    var result = CheckpointOnnxExport.Export(backbone.Value, path, options);
                    log(result.Summary);
                }
                return path;
            }
        }
    }
}
