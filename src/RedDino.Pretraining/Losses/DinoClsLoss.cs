using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>The DINO CLS-token cross-entropy (DINOv2 dino_clstoken_loss.py DINOLoss.forward):
/// minus the sum over student chunks s and teacher chunks t of mean_rows sum_k t_k log softmax(s / T_s)_k.</summary>
public static class DinoClsLoss
{
    /// <param name="studentChunks">Each [B, K] student head outputs (logits).</param>
    /// <param name="teacherChunks">Each [B, K] teacher targets (probabilities, no gradient).</param>
    /// <param name="studentTemp">0.1 in DINOv2 and RedDino.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Forward(IReadOnlyList<Tensor> studentChunks, IReadOnlyList<Tensor> teacherChunks, double studentTemp)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var s in studentChunks)
        {
            var logProbs = s.div(studentTemp).log_softmax(-1); // [B, K]
            foreach (var t in teacherChunks)
            {
                var term = t.mul(logProbs).sum(-1).mean();     // mean over rows of sum_k t log p
                total = total is null ? term.neg() : total.sub(term);
            }
        }
        return (total ?? zeros(1).sum()).MoveToOuterDisposeScope();
    }
}
