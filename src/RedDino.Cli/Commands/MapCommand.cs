using RedDino.Cli.Reports;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using RedDino.Cli.Infrastructure;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Visualization;

namespace RedDino.Cli.Commands;

/// <summary>`reddino map --embeddings FILE [--method umap|pca] [--color label|source] [--seed 0] --out DIR`: a 2-D
/// map of the embeddings. Writes DIR/map.csv (the embeddings file's non-feature columns, then x, y; map_x, map_y
/// when the file already has a column x or y, as a Chula manifest does for the cell centre), DIR/map.png
/// (points coloured by the column) and DIR/run.json; prints DIR as the last stdout line.</summary>
internal sealed class MapCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var embeddings = new Option<string>("--embeddings") { Description = "Embeddings file (FILE.csv with its FILE.csv.json sidecar, or FILE.parquet)", Required = true };
        var method = new Option<string>("--method") { Description = "umap (McInnes et al., umap-learn's defaults) or pca", DefaultValueFactory = _ => "umap" };
        method.AcceptOnlyFromAmong("umap", "pca");
        var color = new Option<string>("--color") { Description = "Column that colours the points: label, source or any other column of the file", DefaultValueFactory = _ => ManifestColumns.Label };
        var seed = new Option<long>("--seed") { Description = "Seed of UMAP's random draws (the same seed gives the same map)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Folder to write map.csv, map.png and run.json into", Required = true };
        var command = new Command("map", "Map embeddings to 2-D (UMAP or PCA): coordinates as CSV and a picture coloured by class or source")
        {
            embeddings, method, color, seed, output,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(context, parse.GetValue(embeddings)!, parse.GetValue(method)!,
            parse.GetValue(color)!, parse.GetValue(seed), parse.GetValue(output)!, cancellation)));
        return command;
    }

    private static int Run(CliContext context, string path, string method, string colorColumn, long seed, string outFolder, CancellationToken cancellation)
    {
        var record = RunRecord.Start(["reddino", .. context.Arguments]);
        var set = Read(path);
        var groups = Groups(set, path, colorColumn);
        var clock = Stopwatch.StartNew();
        float[] xy;
        string[] axes;
        var configuration = new JsonObject { ["embeddings"] = Path.GetFullPath(path), ["method"] = method, ["color"] = colorColumn };
        if (method == "pca")
        {
            var pca = PrincipalComponents.Fit(set.Values, set.Dimension, 2);
            xy = pca.Transform(set.Values).Select(v => (float)v).ToArray();
            axes = pca.ExplainedVarianceRatio.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"PC{i + 1} ({r * 100:F1}% of variance)")).ToArray();
            configuration["explained_variance_ratio"] = new JsonArray(pca.ExplainedVarianceRatio.Select(v => (JsonNode)v).ToArray());
            record.Seeds["map"] = null;
        }
        else
        {
            var umap = new Umap(new UmapOptions { Seed = seed });
            var result = ProgressBar.Run(context, "UMAP", "epochs", bar =>
                umap.Fit(set, new UmapBar(bar), warning => context.Error.WriteLine($"warning: {warning}"), cancellation));
            xy = result.Coordinates;
            axes = ["UMAP 1", "UMAP 2"];
            configuration["umap"] = Describe(umap.Options, result);
            record.Seeds["map"] = seed;
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"UMAP of {set.Count:N0} x {set.Dimension}: exact k-NN {result.NeighborSearchTime.TotalSeconds:F1} s, initialisation {result.InitializationTime.TotalSeconds:F1} s, " +
                $"layout {result.LayoutTime.TotalSeconds:F1} s, total {result.TotalTime.TotalSeconds:F1} s; " +
                $"{result.GraphEdges:N0} graph entries in {result.ConnectedComponents} connected component(s), {result.Epochs} epochs"));
        }
        configuration["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        configuration["out"] = Path.GetFullPath(outFolder);

        Directory.CreateDirectory(outFolder);
        var (xName, yName) = CoordinateColumns(path, set.Manifest.Columns);
        if (xName != "x") context.Error.WriteLine($"note: the file already has a column x or y: the map's columns are {xName}, {yName}");
        configuration["columns"] = new JsonArray(xName, yName);
        WriteAtomically(Path.Combine(outFolder, "map.csv"), file => WriteCsv(file, set, xy, xName, yName));
        var title = $"{set.Info.ModelName}: {(method == "pca" ? "PCA" : "UMAP")} of {set.Count:N0} embeddings by {colorColumn}";
        var png = MapPlot.Png(title, axes[0], axes[1], xy, groups, colorColumn);
        WriteAtomically(Path.Combine(outFolder, "map.png"), file => File.WriteAllBytes(file, png));
        record.Configuration = configuration;
        record.ModelHashes[set.Info.ModelName] = set.Info.ModelSha256;
        record.Write(Path.Combine(outFolder, "run.json"));
        context.Out.WriteLine(Path.GetFullPath(outFolder));
        return ExitCodes.Success;
    }

    private static EmbeddingSet Read(string path)
    {
        if (Directory.Exists(path))
            throw new InvalidDataException($"{path}: a folder of embedding shards is not supported by map yet; give one embeddings file (.csv or .parquet)");
        if (!File.Exists(path)) throw new FileNotFoundException($"Embeddings file not found: {path}", path);
        var set = EmbeddingSet.Read(path);
        if (set.Count < 3) throw new InvalidDataException($"{path}: {set.Count} row(s); a map needs at least 3");
        for (var i = 0; i < set.Values.Length; i++)
            if (!float.IsFinite(set.Values[i]))
                throw new InvalidDataException($"{path}, row {i / set.Dimension + 1}: feature {i % set.Dimension} is {set.Values[i]}, not a finite number");
        return set;
    }

    private static string[] Groups(EmbeddingSet set, string path, string column)
    {
        if (!set.Manifest.Columns.Contains(column, StringComparer.Ordinal))
            throw new InvalidDataException($"{path}: no column '{column}' to colour by (columns: {string.Join(", ", set.Manifest.Columns)})");
        return set.Manifest.Rows.Select(r => Manifest.ValueOf(r, column) is { Length: > 0 } v ? v : "(missing)").ToArray();
    }

    private static (string X, string Y) CoordinateColumns(string path, IReadOnlyList<string> columns)
    {
        foreach (var prefix in new[] { "", "map_" })
            if (!columns.Contains(prefix + "x") && !columns.Contains(prefix + "y")) return (prefix + "x", prefix + "y");
        throw new InvalidDataException($"{path}: the file already has columns x or y and map_x or map_y; rename them to make room for the map's coordinates");
    }

    private static void WriteCsv(string file, EmbeddingSet set, float[] xy, string xName, string yName)
    {
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in set.Manifest.Columns) csv.WriteField(column);
        csv.WriteField(xName);
        csv.WriteField(yName);
        csv.NextRecord();
        for (var i = 0; i < set.Count; i++)
        {
            foreach (var column in set.Manifest.Columns) csv.WriteField(Manifest.ValueOf(set.Manifest.Rows[i], column));
            csv.WriteField(xy[2 * i].ToString(CultureInfo.InvariantCulture));
            csv.WriteField(xy[2 * i + 1].ToString(CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
    }

    /// <summary>Written beside the target, then moved over it: a reader never sees half a file (also used by visualize).</summary>
    internal static void WriteAtomically(string target, Action<string> write)
    {
        var partial = target + ".partial";
        write(partial);
        File.Move(partial, target, overwrite: true);
    }

    private static JsonObject Describe(UmapOptions options, UmapResult result) => new()
    {
        ["neighbors"] = options.Neighbors,
        ["min_dist"] = options.MinDist,
        ["spread"] = options.Spread,
        ["components"] = options.Components,
        ["metric"] = options.Distance.ToString().ToLowerInvariant(),
        ["init"] = options.Initialization.ToString().ToLowerInvariant(),
        ["epochs"] = result.Epochs,
        ["learning_rate"] = options.LearningRate,
        ["negative_sample_rate"] = options.NegativeSampleRate,
        ["repulsion_strength"] = options.RepulsionStrength,
        ["local_connectivity"] = options.LocalConnectivity,
        ["set_op_mix_ratio"] = options.SetOpMixRatio,
        ["a"] = result.A,
        ["b"] = result.B,
        ["graph_entries"] = result.GraphEdges,
        ["connected_components"] = result.ConnectedComponents,
        ["knn_seconds"] = Math.Round(result.NeighborSearchTime.TotalSeconds, 3),
        ["initialization_seconds"] = Math.Round(result.InitializationTime.TotalSeconds, 3),
        ["layout_seconds"] = Math.Round(result.LayoutTime.TotalSeconds, 3),
        ["umap_seconds"] = Math.Round(result.TotalTime.TotalSeconds, 3),
    };

    private sealed class UmapBar(IProgress<ProgressUpdate> bar) : IProgress<UmapProgress>
    {
        public void Report(UmapProgress value) =>
            bar.Report(new ProgressUpdate(value.Stage == UmapStage.Layout ? value.Done : 0, Math.Max(value.Total, 1), value.Stage.ToString().ToLowerInvariant()));
    }
}
