using System.Diagnostics;
using System.Globalization;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Reports;

/// <summary>The nearest-neighbour gallery's data: a few query cells per class, chosen the same way for every
/// backbone, and each query's nearest other cells in each backbone's embedding (exact k-NN over all rows of
/// the set, the query itself excluded, ties to the lower row), so a reader sees what "similar" means to each
/// model.</summary>
/// <param name="Rows">The rows of the embeddings files (the same rows, in the same order, in every backbone's file).</param>
/// <param name="Queries">Query rows (0-based rows of the embeddings files), grouped by class in class order.</param>
/// <param name="Backbones">Each backbone's neighbours of the queries.</param>
/// <param name="Distance">The distance the neighbours are nearest in.</param>
internal sealed record NeighborGallery(IReadOnlyList<ManifestRow> Rows, IReadOnlyList<int> Queries,
    IReadOnlyList<GalleryBackbone> Backbones, KnnDistance Distance)
{
    /// <summary>Builds the gallery of the backbones that have embeddings; null when the settings ask for none
    /// or no backbone has embeddings of at least two rows.</summary>
    public static NeighborGallery? Build(MetricsDocument document, Func<string, EmbeddingSet?> embeddingsOf, ReportSettings settings, Action<string>? log)
    {
        if (settings.GalleryPerClass < 1 || settings.GalleryNeighbors < 1) return null;
        var sets = document.Backbones.Select(b => (b.Name, Set: embeddingsOf(b.Name))).Where(s => s.Set is { Count: >= 2 }).ToList();
        if (sets.Count == 0) return null;
        var rows = sets[0].Set!.Manifest.Rows;
        var clock = Stopwatch.StartNew();
        var queries = ChooseQueries(rows.Select(r => r.Label).ToList(), document.Classes, settings.GalleryPerClass);
        var backbones = new List<GalleryBackbone>();
        foreach (var (name, set) in sets)
        {
            if (set!.Count != rows.Count || Enumerable.Range(0, rows.Count).Any(i => set.Manifest.Rows[i].Path != rows[i].Path))
            {
                log?.Invoke($"warning: {name}: its embeddings hold other rows than {sets[0].Name}'s; left out of the nearest-neighbour gallery");
                continue;
            }
            var (indices, distances, k) = Search(set.Values, set.Dimension, queries, settings.GalleryNeighbors, settings.Distance);
            backbones.Add(new GalleryBackbone(name, k, indices, distances));
        }
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"nearest-neighbour gallery: {queries.Length} queries x {backbones.Count} backbone(s), {clock.Elapsed.TotalSeconds:F1} s"));
        return new NeighborGallery(rows, queries, backbones, settings.Distance);
    }

    /// <summary>Up to <paramref name="perClass"/> rows of each class (in <paramref name="classes"/> order), evenly
    /// spaced through the class's rows in file order: of a class's n rows, the m = min(perClass, n) rows at
    /// positions floor((j + 1/2) n / m), j = 0..m-1. No randomness, and spread over the file (for Chula, over smears).</summary>
    internal static int[] ChooseQueries(IReadOnlyList<string?> labels, IReadOnlyList<string> classes, int perClass)
    {
        var chosen = new List<int>();
        foreach (var name in classes)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == name).ToArray();
            var m = Math.Min(perClass, members.Length);
            for (var j = 0; j < m; j++) chosen.Add(members[(int)((2L * j + 1) * members.Length / (2L * m))]);
        }
        return chosen.ToArray();
    }

    /// <summary>The min(<paramref name="k"/>, n - 1) nearest other rows of each query row of <paramref name="values"/>
    /// ([n, D] row-major): exact, from the library's k-NN search (float64 ranking, ties to the lower row), searching
    /// k + 1 and dropping the query's own entry. Returns [Q, k] rows and distances.</summary>
    internal static (int[] Indices, double[] Distances, int K) Search(float[] values, int dimension, int[] queries, int k, KnnDistance distance)
    {
        var n = values.Length / dimension;
        k = Math.Min(k, n - 1);
        var queryValues = new float[queries.Length * dimension];
        for (var q = 0; q < queries.Length; q++) values.AsSpan(queries[q] * dimension, dimension).CopyTo(queryValues.AsSpan(q * dimension));
        // The classifier's model only as the search: every reference in one class.
        using var model = new KNearestNeighborsModel(values, new int[n], dimension, ["all"], k + 1, distance);
        var found = model.Neighbors(queryValues);
        var indices = new int[queries.Length * k];
        var distances = new double[queries.Length * k];
        for (var q = 0; q < queries.Length; q++)
        {
            var rows = found.IndicesOf(q);
            var rowDistances = found.DistancesOf(q);
            // A duplicate of the query with a lower row sorts before it and stays; the query is dropped wherever it is.
            for (int from = 0, to = 0; to < k; from++)
            {
                if (rows[from] == queries[q]) continue;
                indices[q * k + to] = rows[from];
                distances[q * k + to] = rowDistances[from];
                to++;
            }
        }
        return (indices, distances, k);
    }

    /// <summary>plots/gallery.csv: one line per backbone, query and neighbour.</summary>
    public string Csv()
    {
        string[] header = ["backbone", "query_row", "query_path", "query_label", "rank", "neighbor_row", "neighbor_path", "neighbor_label", "distance", "same_label"];
        var lines = new List<IReadOnlyList<string>>();
        foreach (var backbone in Backbones)
            for (var q = 0; q < Queries.Count; q++)
            {
                var query = Rows[Queries[q]];
                for (var r = 0; r < backbone.K; r++)
                {
                    var row = backbone.Neighbor(q, r);
                    lines.Add([backbone.Name, Queries[q].ToString(CultureInfo.InvariantCulture), query.Path, query.Label ?? "",
                        (r + 1).ToString(CultureInfo.InvariantCulture), row.ToString(CultureInfo.InvariantCulture), Rows[row].Path,
                        Rows[row].Label ?? "", ReportCsv.Number(backbone.DistanceOf(q, r)), SameLabel(q, row) ? "true" : "false"]);
                }
            }
        return ReportCsv.Write(header, lines);
    }

    /// <summary>Whether row <paramref name="row"/> has the label of query <paramref name="query"/> (an index into <see cref="Queries"/>).</summary>
    public bool SameLabel(int query, int row) => Rows[row].Label == Rows[Queries[query]].Label;

    /// <summary>The share of a backbone's gallery neighbours that have their query's label.</summary>
    public double SameLabelShare(GalleryBackbone backbone)
    {
        var same = 0;
        for (var q = 0; q < Queries.Count; q++)
            for (var r = 0; r < backbone.K; r++)
                if (SameLabel(q, backbone.Neighbor(q, r))) same++;
        return Queries.Count * backbone.K == 0 ? 0 : (double)same / (Queries.Count * backbone.K);
    }
}

/// <summary>One backbone's neighbours of the gallery's queries.</summary>
/// <param name="Name">Backbone name.</param>
/// <param name="K">Neighbours per query.</param>
/// <param name="Indices">[Q, K] neighbour rows, nearest first.</param>
/// <param name="Distances">[Q, K] their distances to the query.</param>
internal sealed record GalleryBackbone(string Name, int K, int[] Indices, double[] Distances)
{
    public int Neighbor(int query, int rank) => Indices[query * K + rank];

    public double DistanceOf(int query, int rank) => Distances[query * K + rank];
}
