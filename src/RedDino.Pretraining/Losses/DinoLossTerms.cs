using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>How the DINO CLS terms are normalised.</summary>
public enum DinoNormalisation
{
    /// <summary>The reference code's bookkeeping (ssl_meta_arch.py), the default of every paper
    /// configuration: with G = 2 global and L local crops, n_global_terms = (G - 1) G = 2 and
    /// n_local_terms = max(L G, 1); global = CE x 2 / (n_global + n_local); the local term is only
    /// added when L &gt; 1 (sum of its batch-mean CEs / (n_global + n_local)). With RedDino's L = 1
    /// the global term is therefore halved (x 2/4) and the local crop never contributes.</summary>
    Reference,

    /// <summary>A cleaner alternative: the mean over all 2 + 2L (student view, teacher view) pairs,
    /// a single local crop included. Not the default of any paper configuration.</summary>
    PerTerm,
}

/// <summary>The DINO global and local CLS terms under a <see cref="DinoNormalisation"/>.</summary>
public static class DinoLossTerms
{
    private const int GlobalCrops = 2;

    /// <summary>The divisor of both terms: n_global_terms + n_local_terms.</summary>
    public static double Divisor(int localCrops, DinoNormalisation mode) => mode switch
    {
        DinoNormalisation.Reference => (GlobalCrops - 1) * GlobalCrops + Math.Max(localCrops * GlobalCrops, 1),
        _ => (GlobalCrops - 1) * GlobalCrops + localCrops * GlobalCrops,
    };

    /// <summary>Whether the local term is computed at all (so whether local crops need a forward pass).</summary>
    public static bool HasLocalTerm(int localCrops, DinoNormalisation mode) =>
        mode == DinoNormalisation.Reference ? localCrops > 1 : localCrops > 0;

    /// <param name="studentGlobal">[2B, K] student outputs, crop 0 images then crop 1 images.</param>
    /// <param name="teacherTargets">[2B, K] targets already swapped (row i of crop 0 meets crop 1).</param>
    public static Tensor Global(Tensor studentGlobal, Tensor teacherTargets, int localCrops, DinoNormalisation mode, double studentTemp)
    {
        using var scope = NewDisposeScope();
        var ce = DinoClsLoss.Forward([studentGlobal], [teacherTargets], studentTemp); // mean over 2B rows
        return ce.mul(2.0 / Divisor(localCrops, mode)).MoveToOuterDisposeScope();
    }

    /// <param name="studentLocal">[L B, K] student outputs of the local crops, crop-major.</param>
    /// <param name="teacherTargets">[2B, K] teacher targets of the two global crops (unswapped order
    /// does not matter: every local crop meets both).</param>
    public static Tensor Local(Tensor studentLocal, Tensor teacherTargets, int localCrops, DinoNormalisation mode, double studentTemp)
    {
        using var scope = NewDisposeScope();
        var ce = DinoClsLoss.Forward(studentLocal.chunk(localCrops), teacherTargets.chunk(GlobalCrops), studentTemp);
        return ce.div(Divisor(localCrops, mode)).MoveToOuterDisposeScope();
    }
}
