using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Tests.Reports;

/// <summary>Synthetic results folders in the contract's metrics.json format (and embeddings files),
/// so the report is tested without running an evaluation.</summary>
internal static class ReportInputs
{
    public static readonly string[] Classes = ["burr", "normal", "target", "teardrop"];

    /// <summary>One classifier entry with the given weighted F1 per split; accuracy = wF1 + 0.01, bAcc = wF1 - 0.02.</summary>
    public static JsonObject Classifier(params double[] weightedF1)
    {
        var splits = new JsonArray();
        for (var s = 0; s < weightedF1.Length; s++)
        {
            var confusion = new JsonArray();
            for (var t = 0; t < Classes.Length; t++)
                confusion.Add(new JsonArray(Enumerable.Range(0, Classes.Length).Select(p => (JsonNode)JsonValue.Create(t == p ? 8 + s : (t + p + s) % 3)).ToArray()));
            splits.Add(new JsonObject
            {
                ["split"] = s, ["test_group"] = null, ["n_train"] = 80, ["n_test"] = 20,
                ["accuracy"] = weightedF1[s] + 0.01, ["balanced_accuracy"] = weightedF1[s] - 0.02, ["weighted_f1"] = weightedF1[s],
                ["per_class"] = new JsonArray(Classes.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["class"] = c, ["precision"] = 0.5, ["recall"] = 0.5, ["f1"] = i == 3 && s == 0 ? null : 0.2 * (i + 1), ["support"] = 5,
                }).ToArray()),
                ["confusion"] = confusion,
            });
        }
        double Mean(Func<double, double> f) => weightedF1.Select(f).Average();
        double? Std(Func<double, double> f)
        {
            if (weightedF1.Length < 2) return null;
            var values = weightedF1.Select(f).ToArray();
            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }
        return new JsonObject
        {
            ["splits"] = splits,
            ["mean"] = new JsonObject { ["accuracy"] = Mean(v => v + 0.01), ["balanced_accuracy"] = Mean(v => v - 0.02), ["weighted_f1"] = Mean(v => v) },
            ["std"] = weightedF1.Length < 2 ? null : new JsonObject { ["accuracy"] = Std(v => v + 0.01), ["balanced_accuracy"] = Std(v => v - 0.02), ["weighted_f1"] = Std(v => v) },
        };
    }

    /// <summary>A results folder with metrics.json for two backbones (the first with embeddings and sources).</summary>
    public static string ResultsFolder()
    {
        var folder = RedDino.Tests.Shared.RepoPaths.NewTempFolder("report");
        var metrics = new JsonObject
        {
            ["schema_version"] = 1, ["protocol"] = "kfold", ["folds"] = 3, ["group_column"] = null,
            ["classes"] = new JsonArray(Classes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["backbones"] = new JsonObject
            {
                ["resnet18-imagenet"] = new JsonObject
                {
                    ["model_sha256"] = "ab12", ["embed_dim"] = 8,
                    ["classifiers"] = new JsonObject { ["linear_probe"] = Classifier(0.80, 0.85, 0.90), ["knn_1"] = Classifier(0.70, 0.72, 0.74), ["knn_20"] = Classifier(0.6, 0.6, 0.6) },
                },
                ["reddino nano"] = new JsonObject
                {
                    ["model_sha256"] = "cd34", ["embed_dim"] = 4,
                    ["classifiers"] = new JsonObject { ["linear_probe"] = Classifier(0.5, 0.5, 0.5), ["knn_1"] = Classifier(0.4, 0.45, 0.5), ["knn_20"] = Classifier(0.3, 0.3, 0.3) },
                },
            },
        };
        File.WriteAllText(Path.Combine(folder, "metrics.json"), metrics.ToJsonString());
        WriteEmbeddings(Path.Combine(folder, "embeddings", "resnet18-imagenet.parquet"), 60, 8);
        return folder;
    }

    /// <summary>Class clusters apart along the first axes, with two sources.</summary>
    private static void WriteEmbeddings(string path, int rows, int dim)
    {
        var random = new Random(3);
        var manifestRows = new List<ManifestRow>();
        var values = new float[rows * dim];
        for (var i = 0; i < rows; i++)
        {
            var c = i % Classes.Length;
            manifestRows.Add(new ManifestRow($"img{i}.png", Classes[c], i < rows / 2 ? "siteA" : "siteB"));
            for (var j = 0; j < dim; j++) values[i * dim + j] = (float)((j == c ? 5.0 : 0.0) + random.NextDouble());
        }
        new EmbeddingSet(new Manifest(manifestRows), values, new EmbeddingFileInfo("ab12", "resnet18-imagenet", dim)).Write(path);
    }
}
