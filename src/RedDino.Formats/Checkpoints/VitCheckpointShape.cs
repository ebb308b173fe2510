using System.Globalization;
using System.Text.RegularExpressions;

namespace RedDino.Formats.Checkpoints;

/// <summary>
/// Reads the ViT's architecture from a checkpoint's tensor shapes (timm names): D and patch from
/// patch_embed.proj.weight [D, 3, p, p], depth from the highest block index, MLP width from
/// blocks.0.mlp.fc1.weight, the position grid from pos_embed [1, 1 + M*M, D]. Heads are D / 64
/// (<see cref="VitArchitecture.HeadDim"/>). Also lists the parameters a DINOv2 ViT has, for the
/// comparison of <see cref="CheckpointMismatch.Check"/>.
/// </summary>
public static partial class VitCheckpointShape
{
    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();

    /// <summary>The architecture found and the side M of the file's position grid (224 / p when the file
    /// has no pos_embed).</summary>
    /// <param name="path">The checkpoint (named in errors).</param>
    /// <param name="shapes">The backbone's tensor shapes by timm name.</param>
    /// <exception cref="InvalidDataException">Register tokens, SwiGLU blocks, or shapes that make no ViT (names the key).</exception>
    public static (VitArchitecture Architecture, int PositionGrid) Detect(string path, IReadOnlyDictionary<string, long[]> shapes)
    {
        if (shapes.ContainsKey("register_tokens"))
            throw new InvalidDataException($"{path}: register tokens (DINOv2 '_reg' models) are not supported");
        if (shapes.Keys.Any(k => k.Contains(".mlp.w12.", StringComparison.Ordinal)))
            throw new InvalidDataException($"{path}: SwiGLU feed-forward blocks (DINOv2 ViT-g) are not supported");

        var patch = shapes[BackboneKeys.Anchor];
        if (patch.Length != 4 || patch[1] != 3 || patch[2] != patch[3])
            throw new InvalidDataException($"{path}: '{BackboneKeys.Anchor}' has shape [{string.Join(", ", patch)}], expected [D, 3, p, p]");
        var d = (int)patch[0];
        var p = (int)patch[2];
        if (d % VitArchitecture.HeadDim != 0)
            throw new InvalidDataException($"{path}: embed dim {d} is not a multiple of the head width {VitArchitecture.HeadDim}, so the head count is unknown");

        var depth = shapes.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (depth == 0)
            throw new InvalidDataException($"{path}: no transformer blocks ('blocks.0.*') in the backbone");
        var mlp = shapes.TryGetValue("blocks.0.mlp.fc1.weight", out var fc1) && fc1.Length == 2 ? (int)fc1[0] : 4 * d;

        var grid = 224 / p;
        if (shapes.TryGetValue("pos_embed", out var pos))
        {
            if (pos.Length != 3 || pos[0] != 1)
                throw new InvalidDataException($"{path}: 'pos_embed' has shape [{string.Join(", ", pos)}], expected [1, 1 + M*M, D]");
            try
            {
                grid = PositionGrid.SourceGrid(pos[1]);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: 'pos_embed': {e.Message}", e);
            }
        }
        var architecture = VitArchitecture.FindPublished(d, depth, mlp, p) ?? VitArchitecture.Custom(d, depth, d / VitArchitecture.HeadDim, mlp, p);
        return (architecture, grid);
    }

    /// <summary>The parameters of a DINOv2 ViT with <paramref name="grid"/> x <paramref name="grid"/>
    /// positions, in the order the model registers them (the TorchSharp model's state dict order).</summary>
    public static IReadOnlyList<(string Key, long[] Shape)> Parameters(VitArchitecture architecture, int grid, bool withMaskToken = false)
    {
        long d = architecture.EmbedDim, mlp = architecture.MlpHidden, p = architecture.PatchSize;
        var list = new List<(string, long[])> { ("cls_token", [1, 1, d]), ("pos_embed", [1, 1 + (long)grid * grid, d]) };
        if (withMaskToken)
            list.Add(("mask_token", [1, d]));
        list.Add(("patch_embed.proj.weight", [d, 3, p, p]));
        list.Add(("patch_embed.proj.bias", [d]));
        for (var i = 0; i < architecture.Depth; i++)
        {
            var b = $"blocks.{i}.";
            list.AddRange([
                (b + "norm1.weight", [d]), (b + "norm1.bias", [d]),
                (b + "attn.qkv.weight", [3 * d, d]), (b + "attn.qkv.bias", [3 * d]),
                (b + "attn.proj.weight", [d, d]), (b + "attn.proj.bias", [d]),
                (b + "ls1.gamma", [d]),
                (b + "norm2.weight", [d]), (b + "norm2.bias", [d]),
                (b + "mlp.fc1.weight", [mlp, d]), (b + "mlp.fc1.bias", [mlp]),
                (b + "mlp.fc2.weight", [d, mlp]), (b + "mlp.fc2.bias", [d]),
                (b + "ls2.gamma", [d]),
            ]);
        }
        list.Add(("norm.weight", [d]));
        list.Add(("norm.bias", [d]));
        return list;
    }
}
