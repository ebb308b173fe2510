using RedDino.Backbone.Import;

namespace RedDino.Backbone.Export;

/// <summary>What <see cref="CheckpointOnnxExport.Export"/> did.</summary>
/// <param name="Summary">One line: layout, arch, size, parameter count, adaptations, skipped keys.</param>
/// <param name="Arch">reddino.arch of the written model.</param>
/// <param name="ParameterCount">Parameters of the imported model.</param>
/// <param name="SourceSha256">sha256 of the checkpoint file (reddino.source_sha256).</param>
/// <param name="FileBytes">Size of the ONNX file.</param>
public sealed record CheckpointExportResult(string Summary, string Arch, long ParameterCount, string SourceSha256, long FileBytes);

/// <summary>Checkpoint file -> contract ONNX backbone in one call (import with auto-detection, then
/// export at the import's image size). Used by `reddino export --checkpoint` and the bench.</summary>
public static class CheckpointOnnxExport
{
    /// <exception cref="InvalidDataException">The checkpoint is unreadable or does not fit (message names the file and keys).</exception>
    /// <exception cref="FileNotFoundException">The checkpoint does not exist.</exception>
    public static CheckpointExportResult Export(string checkpointPath, string onnxPath, ImportOptions? options = null)
    {
        using var imported = CheckpointImporter.Import(checkpointPath, options);
        var bytes = VitOnnxExporter.Export(imported.Model, onnxPath, new OnnxExportOptions { SourceSha256 = imported.SourceSha256 });
        return new CheckpointExportResult(imported.Summary, imported.Settings.Name, imported.ParameterCount, imported.SourceSha256, bytes);
    }
}
