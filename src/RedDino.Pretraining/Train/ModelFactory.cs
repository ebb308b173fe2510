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

    public static SslModel Create(PretrainConfig config)
    {
        var model = new SslModel(Settings(config), config.Dino.HeadNPrototypes, config.Dino.HeadHiddenDim, config.Dino.HeadBottleneckDim, config.Dino.HeadNlayers);
        RedrawTruncatedNormals(model);
        return model;
    }

    /// <summary>Redraws the backbone tensors DINOv2 initialises with a truncated normal (std 0.02):
    /// pos_embed and every Linear weight. TorchSharp 0.107's nn.init.trunc_normal_ fills a constant
    /// (see <see cref="Layers.TruncatedNormal"/>), which would make every hidden unit identical.</summary>
    public static void RedrawTruncatedNormals(SslModel model)
    {
        foreach (var (name, p) in model.Backbone.named_parameters())
        {
            var linearWeight = name.EndsWith(".weight", StringComparison.Ordinal) && p.dim() == 2;
            if (name == "pos_embed" || linearWeight)
                Layers.TruncatedNormal.Fill(p, std: 0.02);
        }
    }
}
