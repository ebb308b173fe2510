using RedDino.Backbone.Vit;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>Initialises the student backbone from a checkpoint: a safetensors file with timm keys
/// (RedDino releases) or DINOv2 training keys (`backbone.*`, e.g. a previous run's
/// teacher.safetensors; head entries are skipped). The position embedding is resized (bicubic,
/// exact size) to the global-crop grid; a missing mask_token keeps its init.</summary>
public static class PretrainedWeights
{
    public static void LoadBackbone(VisionTransformer backbone, string path)
    {
        var tensors = SafetensorsFile.Read(path);
        try
        {
            var hasPrefix = tensors.Keys.Any(k => k.StartsWith("backbone.", StringComparison.Ordinal));
            var source = tensors
                .Where(kv => !hasPrefix || kv.Key.StartsWith("backbone.", StringComparison.Ordinal))
                .ToDictionary(kv => hasPrefix ? kv.Key["backbone.".Length..] : kv.Key, kv => kv.Value);
            using var noGrad = no_grad();
            foreach (var (key, target) in backbone.state_dict())
            {
                if (!source.TryGetValue(key, out var value))
                {
                    if (key == "mask_token") continue;
                    throw new InvalidDataException($"student.pretrained_weights: {path} has no tensor '{key}' (nor 'backbone.{key}')");
                }
                if (key == "pos_embed" && !value.shape.SequenceEqual(target.shape))
                {
                    var grid = backbone.Settings.GridSize;
                    using var resized = PositionEmbedding.Resize(value, grid, grid, 0);
                    target.copy_(resized);
                    continue;
                }
                if (!value.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"student.pretrained_weights: {path} tensor '{key}' is [{string.Join(", ", value.shape)}], the model needs [{string.Join(", ", target.shape)}] (check student.arch)");
                target.copy_(value);
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
