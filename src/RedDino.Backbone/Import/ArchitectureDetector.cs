using System.Text.RegularExpressions;
using RedDino.Backbone.Vit;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>
/// Reads the ViT shape from tensor shapes: D and patch from patch_embed.proj.weight [D, 3, p, p], depth
/// from the highest block index, MLP width from blocks.0.mlp.fc1.weight, the position grid from
/// pos_embed [1, 1 + M*M, D]. Heads are D / 64: every DINOv2/RedDino model uses 64-wide heads, and
/// the head count is not visible in any shape.
/// </summary>
internal static partial class ArchitectureDetector
{
    public const int HeadDim = 64;

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();

    /// <summary>The shape found in the file (at its own position grid) and that grid's side M.</summary>
    public static (VitSettings Settings, int PositionGrid) Detect(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        if (tensors.ContainsKey("register_tokens"))
            throw new InvalidDataException($"{path}: register tokens (DINOv2 '_reg' models) are not supported");
        if (tensors.Keys.Any(k => k.Contains(".mlp.w12.", StringComparison.Ordinal)))
            throw new InvalidDataException($"{path}: SwiGLU feed-forward blocks (DINOv2 ViT-g) are not supported");

        var patch = tensors[BackboneKeys.Anchor];
        if (patch.dim() != 4 || patch.shape[1] != 3 || patch.shape[2] != patch.shape[3])
            throw new InvalidDataException($"{path}: '{BackboneKeys.Anchor}' has shape [{string.Join(", ", patch.shape)}], expected [D, 3, p, p]");
        var d = (int)patch.shape[0];
        var p = (int)patch.shape[2];
        if (d % HeadDim != 0)
            throw new InvalidDataException($"{path}: embed dim {d} is not a multiple of the head width {HeadDim}, so the head count is unknown");

        var depth = tensors.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (depth == 0)
            throw new InvalidDataException($"{path}: no transformer blocks ('blocks.0.*') in the backbone");
        var mlp = tensors.TryGetValue("blocks.0.mlp.fc1.weight", out var fc1) && fc1.dim() == 2 ? (int)fc1.shape[0] : 4 * d;

        var grid = 224 / p;
        if (tensors.TryGetValue("pos_embed", out var pos))
        {
            if (pos.dim() != 3 || pos.shape[0] != 1)
                throw new InvalidDataException($"{path}: 'pos_embed' has shape [{string.Join(", ", pos.shape)}], expected [1, 1 + M*M, D]");
            try
            {
                grid = PositionEmbedding.SourceGrid(pos.shape[1]);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: 'pos_embed': {e.Message}", e);
            }
        }

        var settings = VitSettings.FindPublished(d, depth, mlp, p) is { } published
            ? published with { ImageSize = grid * p }
            : VitSettings.Custom(d, depth, d / HeadDim, mlp, p, grid * p);
        return (settings, grid);
    }
}
