using RedDino.Backbone.Import;
using RedDino.Backbone.Vit;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>Initialises the student backbone from any checkpoint the backbone importer reads (timm
/// safetensors such as the RedDino releases, DINOv2 hub weights, DINOv2 training checkpoints, a
/// previous run's teacher.safetensors). The position grid is resized (bicubic, exact size, as
/// RedDino's one-time 37 -> 16 resize) to the global-crop grid; a file without mask_token keeps
/// the model's zero init.</summary>
public static class PretrainedWeights
{
    public static void LoadBackbone(VisionTransformer backbone, string path)
    {
        var settings = backbone.Settings;
        using var imported = CheckpointImporter.Import(path, new ImportOptions
        {
            ImageSize = settings.ImageSize,
            InterpolateOffset = 0,
            WithMaskToken = true,
        });
        var found = imported.Settings;
        if (found.EmbedDim != settings.EmbedDim || found.Depth != settings.Depth || found.NumHeads != settings.NumHeads
            || found.MlpHidden != settings.MlpHidden || found.PatchSize != settings.PatchSize)
            throw new InvalidDataException(
                $"student.pretrained_weights: {path} holds a {found.Name} (D {found.EmbedDim}, depth {found.Depth}, heads {found.NumHeads}), " +
                $"the configured student is {settings.Name} (D {settings.EmbedDim}, depth {settings.Depth}, heads {settings.NumHeads}); check student.arch");
        using var noGrad = no_grad();
        var source = imported.Model.state_dict();
        foreach (var (key, target) in backbone.state_dict())
            target.copy_(source[key]);
    }
}
