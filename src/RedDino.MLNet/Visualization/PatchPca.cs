namespace RedDino.MLNet.Visualization;

/// <summary>Patch-token PCA of one image (the picture DINOv2 and RedDino show): one PCA over all its tiles' patch
/// tokens (mean-centred; pc1 the largest component; signs as <see cref="PrincipalComponents"/>: largest loading
/// positive), the first three components mapped to R, G, B, each scaled so that its 1st..99th percentile over the
/// image's patches spans 0..255 (clipped).
/// Background mask (optional, as DINOv2's demo): pc1 is oriented to grow with patch darkness (a stained cell on a
/// bright smear is darker than the background; the orientation is the sign of pc1's correlation with
/// 255 - luminance), min-max scaled to [0, 1]; patches above the threshold are foreground, and a second PCA over the
/// foreground tokens gives their components and colours; background patches are black and have no components.</summary>
public static class PatchPca
{
    /// <summary>Computes the components and colours of every patch of <paramref name="grid"/>.</summary>
    public static PatchPcaResult Compute(PatchTokenGrid grid, PatchPcaOptions? options = null)
    {
        options ??= new PatchPcaOptions();
        options.Validate(grid.Dim);
        var m = grid.PatchCount;
        var k = options.Components;
        var first = PrincipalComponents.Fit(grid.Tokens, grid.Dim, k);
        var scores = first.Transform(grid.Tokens);                                    // [M, K]
        if (!options.MaskBackground)
            return new PatchPcaResult(grid, k, scores, Colours(scores, k, null, options), first.ExplainedVarianceRatio, null, null);

        var darkness = grid.Luminance.Select(l => 255.0 - l).ToArray();
        var pc1 = Enumerable.Range(0, m).Select(i => scores[i * k]).ToArray();
        if (Covariance(pc1, darkness) < 0)
            for (var i = 0; i < m; i++) pc1[i] = -pc1[i];
        var (min, max) = (pc1.Min(), pc1.Max());
        var scaled = pc1.Select(v => max > min ? (v - min) / (max - min) : 0.0).ToArray();
        var foreground = scaled.Select(v => v > options.BackgroundThreshold).ToArray();

        var foregroundRows = Enumerable.Range(0, m).Where(i => foreground[i]).ToArray();
        var masked = new double[m * k];
        Array.Fill(masked, double.NaN);
        double[] ratio = new double[k];
        if (foregroundRows.Length > 0)
        {
            var tokens = new float[foregroundRows.Length * grid.Dim];
            for (var f = 0; f < foregroundRows.Length; f++)
                grid.Tokens.AsSpan(foregroundRows[f] * grid.Dim, grid.Dim).CopyTo(tokens.AsSpan(f * grid.Dim));
            var second = PrincipalComponents.Fit(tokens, grid.Dim, k);
            var foregroundScores = second.Transform(tokens);
            for (var f = 0; f < foregroundRows.Length; f++)
                Array.Copy(foregroundScores, f * k, masked, foregroundRows[f] * k, k);
            ratio = second.ExplainedVarianceRatio;
        }
        return new PatchPcaResult(grid, k, masked, Colours(masked, k, foreground, options), ratio, foreground, scaled);
    }

    // [M, 3] bytes: components 1..3 scaled by their low..high percentile over the patches that have them.
    private static byte[] Colours(double[] scores, int k, bool[]? foreground, PatchPcaOptions options)
    {
        var m = scores.Length / k;
        var colours = new byte[m * 3];
        for (var c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, m).Where(i => foreground?[i] ?? true).Select(i => scores[i * k + c]).ToArray();
            if (values.Length == 0) continue;
            Array.Sort(values);
            var (low, high) = (Percentile(values, options.LowPercentile), Percentile(values, options.HighPercentile));
            for (var i = 0; i < m; i++)
            {
                if (!(foreground?[i] ?? true)) continue;
                var unit = high > low ? Math.Clamp((scores[i * k + c] - low) / (high - low), 0, 1) : 0.5;
                colours[i * 3 + c] = (byte)Math.Round(unit * 255);
            }
        }
        return colours;
    }

    /// <summary>numpy's default (linear) percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double percent)
    {
        var position = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    // Only its sign is used: the orientation of pc1.
    private static double Covariance(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0;
        for (var i = 0; i < x.Length; i++) sxy += (x[i] - mx) * (y[i] - my);
        return sxy;
    }
}
