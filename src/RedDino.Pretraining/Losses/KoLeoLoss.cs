using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>The Kozachenko-Leonenko differential-entropy regulariser (DINOv2 koleo_loss.py):
/// -mean_i log(||x_i - x_nn(i) + eps|| + eps) over L2-normalised rows, nn(i) the nearest other row
/// by inner product. PyTorch's PairwiseDistance adds eps to the difference, so this does too.
/// RedDino sets its weight to 0; DINOv2 uses 0.1.</summary>
public static class KoLeoLoss
{
    /// <param name="x">[B, D] backbone CLS tokens of one global crop (B &gt;= 2).</param>
    /// <returns>A scalar.</returns>
    public static Tensor Forward(Tensor x, double eps = 1e-8)
    {
        if (x.shape[0] < 2)
            throw new ArgumentException("KoLeo needs at least two samples per crop", nameof(x));
        using var scope = NewDisposeScope();
        var normed = nn.functional.normalize(x, p: 2, dim: -1, eps: eps);      // [B, D]
        Tensor nearest;
        using (no_grad())
        {
            var dots = normed.mm(normed.t());                                  // [B, B]
            dots.diagonal().fill_(-1.0);                                       // never pick itself
            nearest = dots.argmax(1);                                          // [B]
        }
        var distances = nn.functional.pairwise_distance(normed, normed.index_select(0, nearest), p: 2, eps: eps);
        return distances.add(eps).log().mean().neg().MoveToOuterDisposeScope();
    }
}
