using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using RedDino.Formats.IO;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation.Fidelity;

namespace RedDino.Cli.Reports;

/// <summary>What `reddino fidelity` prints and writes (docs/formats/fidelity.md): the summary text,
/// fidelity.json and rows.csv.</summary>
internal static class FidelityFiles
{
    private static readonly HeadlineMetric[] Metrics = [HeadlineMetric.WeightedF1, HeadlineMetric.Accuracy, HeadlineMetric.BalancedAccuracy];

    /// <summary>The summary table; metrics in percent with one decimal, as the reports show them.</summary>
    public static string Text(FidelityReport report, int dimension)
    {
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        line(string.Create(CultureInfo.InvariantCulture, $"Fidelity of {report.Candidate} against {report.Reference}: {report.RowCosines.Count} rows, D={dimension}"));
        line(string.Create(CultureInfo.InvariantCulture, $"per-row cosine           min {report.CosineMin:0.00000}  median {report.CosineMedian:0.00000}"));
        foreach (var n in report.Neighbors)
            line(string.Create(CultureInfo.InvariantCulture, $"k-NN agreement, k={n.K,-3}   mean {n.Mean:0.000}  min {n.Min:0.000}   (share of each row's {n.K} nearest other rows that both models find)"));
        if (report.Downstream.Count == 0) return text.ToString();
        line(string.Create(CultureInfo.InvariantCulture, $"{"downstream (" + report.Protocol + "), mean over splits",-40} {"reference",9} {"candidate",9} {"change",7}"));
        foreach (var classifier in report.Downstream)
            foreach (var metric in Metrics)
                line(string.Create(CultureInfo.InvariantCulture,
                    $"{classifier.Classifier + " " + Name(metric) + " (%)",-40} {Percent(classifier.Reference.Get(metric)),9} {Percent(classifier.Candidate.Get(metric)),9} {Percent(classifier.Difference(metric), signed: true),7}"));
        return text.ToString();
    }

    /// <summary>fidelity.json: both models, the cosine summary, neighbour agreement and downstream metrics (fractions).</summary>
    public static void WriteJson(string path, FidelityReport report, (string Path, string Sha256) reference, (string Path, string Sha256) candidate)
    {
        var downstream = new JsonObject();
        foreach (var c in report.Downstream)
            downstream[c.Classifier] = new JsonObject
            {
                ["reference"] = Summary(m => c.Reference.Get(m)),
                ["candidate"] = Summary(m => c.Candidate.Get(m)),
                ["difference"] = Summary(c.Difference),
            };
        JsonText.Write(path, new JsonObject
        {
            ["format_version"] = 1,
            ["reference"] = new JsonObject { ["name"] = report.Reference, ["model"] = reference.Path, ["model_sha256"] = reference.Sha256 },
            ["candidate"] = new JsonObject { ["name"] = report.Candidate, ["model"] = candidate.Path, ["model_sha256"] = candidate.Sha256 },
            ["rows"] = report.RowCosines.Count,
            ["cosine"] = new JsonObject { ["min"] = report.CosineMin, ["median"] = report.CosineMedian, ["mean"] = report.RowCosines.Average() },
            ["neighbors"] = new JsonArray(report.Neighbors.Select(n => (JsonNode)new JsonObject { ["k"] = n.K, ["mean"] = n.Mean, ["min"] = n.Min }).ToArray()),
            ["downstream"] = report.Protocol is null ? null : new JsonObject { ["protocol"] = report.Protocol, ["classifiers"] = downstream },
        });
    }

    /// <summary>rows.csv: row (1-based), path, cosine, then knn{k}_overlap per k.</summary>
    public static void WriteRows(string path, FidelityReport report, IReadOnlyList<string> paths) =>
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var header in new[] { "row", "path", "cosine" }.Concat(report.Neighbors.Select(n => $"knn{n.K}_overlap")))
                csv.WriteField(header);
            csv.NextRecord();
            for (var row = 0; row < report.RowCosines.Count; row++)
            {
                csv.WriteField(row + 1);
                csv.WriteField(paths[row]);
                csv.WriteField(report.RowCosines[row].ToString("R", CultureInfo.InvariantCulture));
                foreach (var n in report.Neighbors) csv.WriteField(n.RowOverlaps[row].ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        });

    private static JsonObject Summary(Func<HeadlineMetric, double?> value) => new()
    {
        ["accuracy"] = value(HeadlineMetric.Accuracy),
        ["balanced_accuracy"] = value(HeadlineMetric.BalancedAccuracy),
        ["weighted_f1"] = value(HeadlineMetric.WeightedF1),
    };

    private static string Name(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => "weighted F1",
        HeadlineMetric.Accuracy => "accuracy",
        _ => "balanced accuracy",
    };

    private static string Percent(double? value, bool signed = false) =>
        value is not { } v ? "-" : (100 * v).ToString(signed ? "+0.0;-0.0;0.0" : "0.0", CultureInfo.InvariantCulture);
}
