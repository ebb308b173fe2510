using RedDino.Formats.Onnx;

namespace RedDino.Backbone.Import;

/// <summary>How <see cref="CheckpointImporter"/> builds the model from a checkpoint.</summary>
public sealed class ImportOptions
{
    /// <summary>The value of <see cref="Arch"/> that reads the architecture from the tensor shapes.</summary>
    public const string AutoArch = "auto";

    /// <summary>"auto" (from tensor shapes) or "vits14" | "vitb14" | "vitl14" (the checkpoint must match).</summary>
    public string Arch = AutoArch;

    /// <summary>Input size of the built model; its position embedding is resized to this grid when the
    /// checkpoint's differs (e.g. DINOv2 hub weights at 518 px). 224 is the RedDino size.</summary>
    public int ImageSize = BackboneContract.DefaultImageSize;

    /// <summary>How a position grid that differs from the target is resized (see
    /// <see cref="Vit.PositionEmbedding"/>): 0.1 reproduces what DINOv2 (hub and training code) computes at
    /// run time for that input size; 0 resizes to the exact size (RedDino's one-time 37 -> 16 init).</summary>
    public double InterpolateOffset = 0.1;

    /// <summary>Build the model with a mask token and load it from the checkpoint (pretraining); the
    /// checkpoint must then have one. Otherwise a mask token in the file is skipped.</summary>
    public bool WithMaskToken;
}
