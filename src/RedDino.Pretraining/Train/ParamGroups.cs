using System.Globalization;
using TorchSharp.Modules;

namespace RedDino.Pretraining.Train;

/// <summary>One optimiser group: parameters sharing a learning-rate multiplier, a weight-decay
/// multiplier and whether they are the head's last layer (DINOv2 utils/param_groups.py).</summary>
public sealed record ParamGroupSpec(double LrMultiplier, double WdMultiplier, bool IsLastLayer, IReadOnlyList<(string Name, Parameter Parameter)> Parameters)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"lr x{LrMultiplier:G4}, wd x{WdMultiplier:G4}{(IsLastLayer ? ", last layer" : "")}: {Parameters.Count} tensors");
}

/// <summary>DINOv2's parameter grouping: no weight decay for biases, norms and LayerScale gammas;
/// the patch embedding's learning rate times patch_embed_lr_mult; layer-wise decay
/// decay^(depth + 1 - layer) with layer 0 for the embeddings and tokens, i + 1 for block i and
/// depth + 1 for the final norm and the head; the head's last layer marked (its lr is 0 while frozen).</summary>
public static class ParamGroups
{
    public static IReadOnlyList<ParamGroupSpec> Build(SslModel student, double layerwiseDecay, double patchEmbedLrMult)
    {
        var depth = student.Backbone.Settings.Depth;
        var entries = new List<(string Name, Parameter P, double Lr, double Wd, bool Last)>();
        foreach (var (name, p) in student.Backbone.named_parameters())
        {
            var layer = LayerId(name, depth);
            var lr = Math.Pow(layerwiseDecay, depth + 1 - layer);
            if (name.Contains("patch_embed", StringComparison.Ordinal)) lr *= patchEmbedLrMult;
            entries.Add(("backbone." + name, p, lr, NoDecay(name) ? 0.0 : 1.0, false));
        }
        foreach (var (name, p) in student.Head.named_parameters())
            entries.Add(("dino_head." + name, p, 1.0, NoDecay(name) ? 0.0 : 1.0, name.Contains("last_layer", StringComparison.Ordinal)));

        return entries
            .GroupBy(e => (e.Lr, e.Wd, e.Last))
            .Select(g => new ParamGroupSpec(g.Key.Lr, g.Key.Wd, g.Key.Last, g.Select(e => (e.Name, e.P)).ToList()))
            .ToList();
    }

    internal static bool NoDecay(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal) || name.Contains("gamma", StringComparison.Ordinal);

    internal static int LayerId(string name, int depth)
    {
        if (name.StartsWith("pos_embed", StringComparison.Ordinal) || name.StartsWith("patch_embed", StringComparison.Ordinal)
            || name.StartsWith("mask_token", StringComparison.Ordinal) || name.StartsWith("cls_token", StringComparison.Ordinal))
            return 0;
        if (name.StartsWith("blocks.", StringComparison.Ordinal))
            return int.Parse(name.Split('.')[1], CultureInfo.InvariantCulture) + 1;
        return depth + 1;
    }
}
