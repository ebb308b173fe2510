using RedDino.Backbone.Vit;
using RedDino.Formats.Checkpoints;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>The ViT shape of a checkpoint's backbone as model settings: RedDino.Formats'
/// <see cref="VitCheckpointShape"/> reads it from the tensor shapes (the same detection the TorchSharp-free
/// safetensors converter uses); this names it as <see cref="VitSettings"/> at the file's own grid.</summary>
internal static class ArchitectureDetector
{
    /// <summary>The shape found in the file (at its own position grid) and that grid's side M.</summary>
    public static (VitSettings Settings, int PositionGrid) Detect(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var (architecture, grid) = VitCheckpointShape.Detect(path, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal));
        return (VitSettings.From(architecture, grid * architecture.PatchSize), grid);
    }
}
