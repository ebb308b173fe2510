using Microsoft.ML;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Evaluation.Fidelity;

/// <summary>Compares two embedding sets of the same rows, typically one model at two precisions (fp32 and int8
/// from `reddino export --precision`): per-row cosine, k-nearest-neighbour agreement within each set, and the
/// downstream metrics of both under the same protocol. Random weights quantize gracefully; trained weights can
/// have outlier activations that int8 does not, and this is how a user learns which case they are in.</summary>
public static class EmbeddingFidelity
{
    /// <summary>Compares <paramref name="candidate"/> against <paramref name="reference"/>.</summary>
    /// <exception cref="InvalidDataException">The sets differ in rows (count or paths, named with the row) or embedding size.</exception>
    public static FidelityReport Compare(EmbeddingSet reference, EmbeddingSet candidate, MLContext mlContext, FidelityOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        options ??= new FidelityOptions();
        CheckSameRows(reference, candidate);

        var cosines = new double[reference.Count];
        for (var row = 0; row < cosines.Length; row++)
            cosines[row] = Cosine(reference.Row(row), candidate.Row(row));

        var neighbors = options.NeighborCounts.Distinct().Order().Select(k => Agreement(reference, candidate, k)).ToList();

        var downstream = new List<DownstreamComparison>();
        string? protocol = null;
        if (options.Evaluation is { } evaluation && reference.Manifest.HasLabels)
        {
            var evaluator = new EmbeddingEvaluator(mlContext, evaluation);
            var a = evaluator.Evaluate(reference, reference.Info.ModelName, cancellationToken: cancellationToken);
            var b = evaluator.Evaluate(candidate, candidate.Info.ModelName, cancellationToken: cancellationToken);
            downstream.AddRange(a.Classifiers.Zip(b.Classifiers, (x, y) => new DownstreamComparison(x.Name, x.Mean, y.Mean)));
            protocol = evaluation.Protocol.Name;
        }
        return new FidelityReport(reference.Info.ModelName, candidate.Info.ModelName, cosines, neighbors, downstream, protocol);
    }

    private static void CheckSameRows(EmbeddingSet a, EmbeddingSet b)
    {
        if (a.Count != b.Count)
            throw new InvalidDataException($"the embeddings hold {a.Count} and {b.Count} rows: compare the same rows");
        if (a.Dimension != b.Dimension)
            throw new InvalidDataException($"the embeddings have {a.Dimension} and {b.Dimension} values per row: compare one model at two precisions");
        for (var row = 0; row < a.Count; row++)
            if (!string.Equals(a.Manifest.Rows[row].Path, b.Manifest.Rows[row].Path, StringComparison.Ordinal))
                throw new InvalidDataException($"row {row + 1}: '{a.Manifest.Rows[row].Path}' against '{b.Manifest.Rows[row].Path}': compare the same rows in the same order");
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : dot / Math.Sqrt(aa * bb);
    }

    // For each row, |kNN_a(row) ∩ kNN_b(row)| / k, the neighbours found within each set (Euclidean, the row itself excluded).
    private static NeighborAgreement Agreement(EmbeddingSet a, EmbeddingSet b, int k)
    {
        var na = WithinSetNeighbors.Find(a.Values, a.Dimension, k);
        var nb = WithinSetNeighbors.Find(b.Values, b.Dimension, k);
        var overlaps = new double[a.Count];
        for (var row = 0; row < overlaps.Length && na.K > 0; row++)
        {
            var shared = 0;
            var other = nb.IndicesOf(row);
            foreach (var neighbor in na.IndicesOf(row))
                if (other.Contains(neighbor)) shared++;
            overlaps[row] = shared / (double)na.K;
        }
        return new NeighborAgreement(na.K, overlaps);
    }
}
