using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// Resizes a ViT position embedding to another patch grid the way PyTorch/DINOv2 do (docs/reference/model.md): the CLS row is kept, the M x M patch rows are resized with bicubic interpolation
/// (a = -0.75, align_corners false, no antialias). With an offset &gt; 0 the interpolation gets the scale
/// factor (new + offset) / M, as DINOv2's <c>interpolate_pos_encoding</c> passes it ("interpolate_offset",
/// 0.1 in DINOv2); PyTorch then maps output pixels with 1 / scale instead of M / new, which moves
/// every sample slightly. With offset 0 it resizes to the exact size (same as RedDino's one-time
/// 37 -> 16 resize with scale factor 16/37).
/// </summary>
public static class PositionEmbedding
{
    /// <summary>[1, 1 + M*M, D] -> [1, 1 + gridH*gridW, D]. Differentiable; returns a new tensor (an
    /// alias when the grid does not change).</summary>
    public static Tensor Resize(Tensor posEmbed, int gridH, int gridW, double offset)
    {
        if (posEmbed.dim() != 3 || posEmbed.shape[0] != 1)
            throw new ArgumentException($"position embedding must be [1, 1 + M*M, D], got [{string.Join(", ", posEmbed.shape)}]");
        var m = SourceGrid(posEmbed.shape[1]);
        if (m == gridH && m == gridW)
            return posEmbed.alias();

        using var scope = NewDisposeScope();
        var d = posEmbed.shape[2];
        var cls = posEmbed.narrow(1, 0, 1);                                          // [1, 1, D]
        var grid = posEmbed.narrow(1, 1, m * m).reshape(1, m, m, d).permute(0, 3, 1, 2); // [1, D, M, M]
        var resized = offset > 0
            ? nn.functional.interpolate(grid, scale_factor: [(gridH + offset) / m, (gridW + offset) / m],
                mode: InterpolationMode.Bicubic, align_corners: false)
            : nn.functional.interpolate(grid, size: [gridH, gridW], mode: InterpolationMode.Bicubic, align_corners: false);
        if (resized.shape[2] != gridH || resized.shape[3] != gridW)
            throw new ArgumentException($"offset {offset} gives a {resized.shape[2]}x{resized.shape[3]} grid, not {gridH}x{gridW}");
        var rows = resized.permute(0, 2, 3, 1).reshape(1, (long)gridH * gridW, d);  // [1, gh*gw, D]
        return cat([cls, rows], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Side M of the square grid behind <paramref name="tokens"/> = 1 + M*M position rows.</summary>
    public static int SourceGrid(long tokens) => RedDino.Formats.Checkpoints.PositionGrid.SourceGrid(tokens);
}
