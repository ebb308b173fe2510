using RedDino.Backbone.Vit;
using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Train;

/// <summary>The ViT shape of a configuration: a published size ("vits14", ...) or "custom".</summary>
public static class ModelFactory
{
    public static VitSettings Settings(PretrainConfig config)
    {
        var s = config.Student;
        var mlpHidden = (int)Math.Round(s.EmbedDim * s.MlpRatio);
        VitSettings settings;
        if (s.Arch == "custom")
        {
            settings = VitSettings.Custom(s.EmbedDim, s.Depth, s.NumHeads, mlpHidden, s.PatchSize, config.Crops.GlobalCropsSize);
        }
        else
        {
            try
            {
                settings = VitSettings.FromName(s.Arch, config.Crops.GlobalCropsSize);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"student.arch: {e.Message} or \"custom\"", e);
            }
            void Same(int expected, int actual, string key)
            {
                if (expected != actual)
                    throw new InvalidDataException($"student.{key} is {actual} but student.arch {s.Arch} has {expected}; use \"arch\": \"custom\" for other shapes");
            }
            Same(settings.EmbedDim, s.EmbedDim, "embed_dim");
            Same(settings.Depth, s.Depth, "depth");
            Same(settings.NumHeads, s.NumHeads, "num_heads");
            Same(settings.MlpHidden, mlpHidden, "mlp_ratio");
            Same(settings.PatchSize, s.PatchSize, "patch_size");
        }
        return settings with { LayerScaleInit = s.Layerscale, WithMaskToken = true, DropPathRate = s.DropPathRate, DropPathUniform = s.DropPathUniform };
    }

    /// <summary>A student of the configuration with DINOv2's initialisation (the ViT's and the head's own),
    /// or, with <paramref name="initialize"/> false, a teacher whose weights are copied from it next.</summary>
    public static SslModel Create(PretrainConfig config, bool initialize = true) =>
        new(Settings(config), config.Dino.HeadNPrototypes, config.Dino.HeadHiddenDim, config.Dino.HeadBottleneckDim, config.Dino.HeadNlayers, initialize);
}
