using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
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

    /// <summary>A results folder with metrics.json for two backbones, each with embeddings of the same 60 rows
    /// (two sources), and the rows' images (<see cref="WriteImages"/>).</summary>
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
        WriteEmbeddings(Path.Combine(folder, "embeddings", "resnet18-imagenet.parquet"), Rows, 8, "resnet18-imagenet", seed: 3, separation: 5);
        WriteEmbeddings(Path.Combine(folder, "embeddings", "reddino_nano.parquet"), Rows, 4, "reddino nano", seed: 4, separation: 0.3);
        WriteImages(folder);
        return folder;
    }

    /// <summary>Rows of the embeddings files.</summary>
    public const int Rows = 60;

    /// <summary>Row i: images/img{i}.png, class i mod 4, source siteA (first half) or siteB; even rows crop
    /// <see cref="CropBox"/> out of their image.</summary>
    public static ManifestRow Row(int i) =>
        new($"images/img{i}.png", Classes[i % Classes.Length], i < Rows / 2 ? "siteA" : "siteB", i % 2 == 0 ? CropBox : (CropBox?)null);

    /// <summary>The crop box of the even rows: inside it their image has <see cref="InsideColour"/>.</summary>
    public static readonly CropBox CropBox = new(10, 5, 20, 20);

    /// <summary>The colour of row i's image inside the crop box (the whole image for odd rows).</summary>
    public static (byte R, byte G, byte B) InsideColour(int i) => ((byte)(4 * i), (byte)(250 - 4 * i), (byte)(i % 2 == 0 ? 200 : 60));

    /// <summary>40 x 30 images: even rows grey outside the crop box and <see cref="InsideColour"/> inside it,
    /// odd rows <see cref="InsideColour"/> all over.</summary>
    public static void WriteImages(string folder)
    {
        for (var i = 0; i < Rows; i++)
        {
            var pixels = new byte[40 * 30 * 3];
            for (var y = 0; y < 30; y++)
                for (var x = 0; x < 40; x++)
                {
                    var inside = i % 2 == 1 || (x >= CropBox.X && x < CropBox.X + CropBox.Width && y >= CropBox.Y && y < CropBox.Y + CropBox.Height);
                    var (r, g, b) = inside ? InsideColour(i) : ((byte)128, (byte)128, (byte)128);
                    (pixels[(y * 40 + x) * 3], pixels[(y * 40 + x) * 3 + 1], pixels[(y * 40 + x) * 3 + 2]) = (r, g, b);
                }
            PngWriter.Save(new RgbImage(40, 30, pixels), Path.Combine(folder, "images", $"img{i}.png"));
        }
    }

    /// <summary>Class c is <paramref name="separation"/> further along axis c, plus uniform [0, 1) noise: apart at 5,
    /// mixed at 0.3.</summary>
    private static void WriteEmbeddings(string path, int rows, int dim, string model, int seed, double separation)
    {
        var random = new Random(seed);
        var values = new float[rows * dim];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < dim; j++) values[i * dim + j] = (float)((j == i % Classes.Length ? separation : 0.0) + random.NextDouble());
        new EmbeddingSet(new Manifest(Enumerable.Range(0, rows).Select(Row).ToList()), values, new EmbeddingFileInfo(model == "reddino nano" ? "cd34" : "ab12", model, dim)).Write(path);
    }
}
