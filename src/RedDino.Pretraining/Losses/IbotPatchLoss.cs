using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>The iBOT masked-patch loss as normalised by the reference (DINOv2
/// ibot_patch_loss.py forward_masked, times the x2 x 1/2 of ssl_meta_arch.py):
/// -(1 / n) sum over images i of (1 / m_i) sum over its m_i masked patches of
/// sum_k t_k log softmax(s / T_s)_k, where n counts every global image, masked or not.</summary>
public static class IbotPatchLoss
{
    /// <param name="studentMasked">[M, K] student head outputs at the masked positions.</param>
    /// <param name="teacherMasked">[M, K] teacher targets at the same positions.</param>
    /// <param name="masksWeight">[M] 1 / m_i for each masked patch of image i.</param>
    /// <param name="images">n: the number of global images (2B), masked or not.</param>
    /// <param name="studentTemp">0.1 in DINOv2 and RedDino.</param>
    /// <returns>A scalar (0 when nothing is masked).</returns>
    public static Tensor Forward(Tensor studentMasked, Tensor teacherMasked, Tensor masksWeight, long images, double studentTemp)
    {
        using var scope = NewDisposeScope();
        if (studentMasked.shape[0] == 0)
            return studentMasked.sum().mul(0.0).MoveToOuterDisposeScope();
        var perPatch = teacherMasked.mul(studentMasked.div(studentTemp).log_softmax(-1)).sum(-1); // [M]
        return perPatch.mul(masksWeight).sum().neg().div(images).MoveToOuterDisposeScope();
    }

    /// <summary>The per-patch weights 1 / max(m_i, 1) for the masked entries of [n, N] masks, in
    /// row-major order of the masked positions ([M]).</summary>
    public static Tensor MasksWeight(Tensor masks)
    {
        using var scope = NewDisposeScope();
        var perImage = masks.sum(-1, type: ScalarType.Float32).clamp_min(1.0).reciprocal(); // [n]
        var expanded = perImage.unsqueeze(-1).expand_as(masks);                              // [n, N]
        return expanded.masked_select(masks).MoveToOuterDisposeScope();                     // [M]
    }
}
