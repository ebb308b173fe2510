namespace RedDino.Backbone.Import;

/// <summary>Where the backbone sat in the checkpoint file.</summary>
/// <param name="Container">File format.</param>
/// <param name="Wrapper">Top-level dict that held the state dict ("teacher" in DINOv2 training checkpoints), or null.</param>
/// <param name="Prefix">Key prefix of the backbone ("" or "backbone.").</param>
/// <param name="PositionGrid">Side of the position grid in the file (16 for 224 px, 37 for the 518 px hub weights).</param>
/// <param name="HasMaskToken">Whether the file has a mask_token.</param>
/// <param name="FlattenedBlockChunks">Whether DINOv2 block chunks ("blocks.c.i.*") were flattened.</param>
public sealed record CheckpointLayout(
    CheckpointContainer Container,
    string? Wrapper,
    string Prefix,
    int PositionGrid,
    bool HasMaskToken,
    bool FlattenedBlockChunks)
{
    /// <summary>Short name: "timm-safetensors", "dinov2-teacher", "dinov2-hub", "flat-pth" or
    /// "flat-safetensors" (the last two with their prefix, e.g. "flat-pth[backbone.]").</summary>
    public string Name => this switch
    {
        { Wrapper: "teacher" } => "dinov2-teacher",
        { Wrapper: not null } => $"{Wrapper}-dict-{ContainerName}" + PrefixNote,
        { Container: CheckpointContainer.Safetensors, Prefix: "", HasMaskToken: false } => "timm-safetensors",
        { Container: CheckpointContainer.PyTorchZip, Prefix: "", HasMaskToken: true, PositionGrid: 37 } => "dinov2-hub",
        _ => $"flat-{ContainerName}" + PrefixNote,
    };

    private string ContainerName => Container == CheckpointContainer.Safetensors ? "safetensors" : "pth";

    private string PrefixNote => Prefix.Length > 0 ? $"[{Prefix}]" : "";
}
