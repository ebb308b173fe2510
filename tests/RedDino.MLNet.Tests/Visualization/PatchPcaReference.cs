using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Visualization;

/// <summary>tests/fixtures/visualization/patch_pca_reference.json and its files, written by
/// tests/fixtures/scripts/make_patch_pca_fixtures.py (PyTorch tiny ViT + numpy PCA).</summary>
internal static class PatchPcaReference
{
    private static readonly Lazy<JsonNode> Root = new(() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("visualization", "patch_pca_reference.json")))!);

    public static JsonNode Json => Root.Value;

    public static string Smear => RepoPaths.Fixture("visualization", "smear_130x95.png");

    public static string NoPatchesModel => RepoPaths.Fixture("visualization", "tiny_vit_no_patches.onnx");

    public static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");

    /// <summary>Column <paramref name="column"/> of a [rows, columns] row-major array.</summary>
    public static double[] Column(IReadOnlyList<double> values, int columns, int column, bool[]? keep = null) =>
        Enumerable.Range(0, values.Count / columns).Where(i => keep?[i] ?? true).Select(i => values[i * columns + column]).ToArray();

    public static double Correlation(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Canonical correlations of two [n, k] maps: singular values of Q_aᵀ Q_b for the thin QR of each
    /// centred map (1 for every direction when they span the same subspace). Smallest first.</summary>
    public static double[] CanonicalCorrelations(double[][] a, double[][] b)
    {
        var qa = Centred(a).QR().Q.SubMatrix(0, a[0].Length, 0, a.Length);
        var qb = Centred(b).QR().Q.SubMatrix(0, b[0].Length, 0, b.Length);
        return qa.TransposeThisAndMultiply(qb).Svd().S.Order().ToArray();
    }

    private static Matrix<double> Centred(double[][] columns)
    {
        var m = Matrix<double>.Build.DenseOfColumnArrays(columns);
        var means = m.ColumnSums() / m.RowCount;
        for (var j = 0; j < m.ColumnCount; j++) m.SetColumn(j, m.Column(j) - means[j]);
        return m;
    }
}
