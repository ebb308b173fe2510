// A .NET 8 application that uses RedDino.MLNet from its package, as a user's would (build/check-package.sh
// creates a console project around this file). Arguments: the repository's tests/fixtures folder.
// Exit 0 when the embeddings equal the PyTorch + PIL fixture and the ML.NET pipelines run; 1 otherwise.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RedDino.Formats.Manifests;
using RedDino.MLNet;
using RedDino.MLNet.Embeddings;

var fixtures = args.Length == 1 ? args[0] : throw new ArgumentException("usage: package-check FIXTURES_FOLDER");
var model = Path.Combine(fixtures, "embedding", "tiny_vit.onnx");
var manifest = Manifest.Read(Path.Combine(fixtures, "embedding", "manifest.csv"));
var expected = File.ReadAllLines(Path.Combine(fixtures, "embedding", "expected_tiny_vit.csv")).Skip(1)
    .Select(l => l.Split(',').Skip(5).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
var built = typeof(EmbeddingEngine).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
    .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName;
Console.WriteLine($"runtime {Environment.Version}; RedDino.MLNet built for {built}");

// 1. The engine over the whole manifest (crop boxes included) against PyTorch + PIL, |a - b| <= 1e-4 + 1e-4 |b|.
using (var engine = new EmbeddingEngine(model, new RedDinoEmbeddingOptions { BatchSize = 4 }))
{
    var set = engine.Embed(manifest);
    var worst = double.NegativeInfinity;
    for (var r = 0; r < set.Count; r++)
        worst = Math.Max(worst, Excess(set.Row(r).ToArray(), expected[r]));
    Console.WriteLine($"engine: {set.Count} rows, D {set.Dimension}, worst excess over the tolerance {worst:G3}");
    if (!(worst <= 0)) return 1;
}

// 2. The ML.NET transform on image paths, then an ML.NET 6 trainer (LightGBM) and RedDino's k-NN on the embeddings.
var baseFolder = manifest.BaseFolder();
var uncropped = manifest.Rows.Select((row, index) => (row, index)).Where(x => x.row.Crop is null).ToList();
var cells = uncropped.Select(x => new Cell { ImagePath = x.row.ResolvePath(baseFolder), Label = x.row.Label ?? "" }).ToList();
var ml = new MLContext(seed: 0);
var data = ml.Data.LoadFromEnumerable(cells);
var embed = ml.Transforms.ExtractRedDinoEmbeddings("Features", nameof(Cell.ImagePath), model);
using var embedder = embed.Fit(data);
var prediction = ml.Model.CreatePredictionEngine<Cell, CellFeatures>(embedder);
var transformWorst = uncropped.Select((x, i) => Excess(prediction.Predict(cells[i]).Features, expected[x.index])).Max();
Console.WriteLine($"transform + PredictionEngine: {cells.Count} images, worst excess over the tolerance {transformWorst:G3}");
if (!(transformWorst <= 0)) return 1;

var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Cell.Label)).Append(embed).AppendCacheCheckpoint(ml);
var knn = keyed.Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(1)).Fit(data);
var knnAccuracy = ml.MulticlassClassification.Evaluate(knn.Transform(data)).MicroAccuracy;
var lightGbm = keyed.Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
    { MinimumExampleCountPerLeaf = 1, MinimumExampleCountPerGroup = 1, NumberOfIterations = 10 })).Fit(data);
var lightGbmAccuracy = ml.MulticlassClassification.Evaluate(lightGbm.Transform(data)).MicroAccuracy;
Console.WriteLine($"1-NN training accuracy {knnAccuracy:F2}, LightGBM training accuracy {lightGbmAccuracy:F2}");
(knn as IDisposable)?.Dispose();
(lightGbm as IDisposable)?.Dispose();
if (knnAccuracy < 1) return 1; // each image is its own nearest neighbour
Console.WriteLine("package check passed");
return 0;

// The largest |a - b| - (1e-4 + 1e-4 |b|) over the values (<= 0: all within the tolerance).
static double Excess(float[] actual, float[] expected) =>
    actual.Length != expected.Length ? double.PositiveInfinity
        : actual.Zip(expected, (a, b) => Math.Abs(a - b) - (1e-4 + 1e-4 * Math.Abs(b))).Max();

internal sealed class Cell
{
    public string ImagePath { get; set; } = "";
    public string Label { get; set; } = "";
}

internal sealed class CellFeatures
{
    public float[] Features { get; set; } = [];
}
