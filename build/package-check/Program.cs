// A .NET 8 application that uses RedDino.MLNet from its package, as a user's would (build/check-package.sh
// creates a console project around this file). Arguments: the repository's tests/fixtures folder.
// Exit 0 when the embeddings equal the PyTorch + PIL fixtures (ONNX model and timm safetensors checkpoint), the
// ML.NET pipelines run, and a LightGBM-headed bundle round-trips with identical predictions through Transform and
// CreatePredictionEngine; 1 otherwise.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RedDino.Formats.Manifests;
using RedDino.MLNet;
using RedDino.MLNet.Bundles;
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

var work = Directory.CreateTempSubdirectory("reddino-package-check-app.").FullName;
try
{
    // 3. Real weights in one line: a timm safetensors checkpoint, converted in process (no LibTorch) into a model
    //    cache, against the PyTorch forward of tests/fixtures/scripts/make_backbone_fixtures.py.
    var checkpoint = Path.Combine(fixtures, "backbone", "tiny_vit_timm.safetensors");
    var cellImages = Enumerable.Range(0, 4).Select(i => Path.Combine(fixtures, "backbone", "images", $"cell_{i}.png")).ToArray();
    var pytorch = Floats(Path.Combine(fixtures, "backbone", "expected", "cls_224.bin")); // [4, 64]
    var options = new RedDinoEmbeddingOptions { ModelCacheFolder = Path.Combine(work, "models") };
    var cellData = ml.Data.LoadFromEnumerable(cellImages.Select(p => new Cell { ImagePath = p }));
    using (var fromSafetensors = ml.Transforms.ExtractRedDinoEmbeddings("Features", nameof(Cell.ImagePath), checkpoint, options).Fit(cellData))
    {
        var embedded = fromSafetensors.Transform(cellData).GetColumn<float[]>("Features").ToArray();
        var safetensorsWorst = embedded.Select((row, i) => Excess(row, pytorch[(i * 64)..((i + 1) * 64)])).Max();
        Console.WriteLine($"safetensors -> transform: {embedded.Length} images, D {embedded[0].Length}, worst excess over the tolerance {safetensorsWorst:G3}");
        if (!(safetensorsWorst <= 0)) return 1;
    }

    // 4. A LightGBM-headed bundle (after a normalizer, labels keyed in first-seen order) round-trips with identical
    //    predictions, and the loaded bundle serves single rows through CreatePredictionEngine.
    var labelled = cellImages.Select(p => new Cell { ImagePath = p, Label = "cell" }).Concat(cells).ToList();
    var labelledData = ml.Data.LoadFromEnumerable(labelled);
    var lightGbmBundle = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Cell.Label))
        .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", nameof(Cell.ImagePath), checkpoint, options))
        .AppendCacheCheckpoint(ml)
        .Append(ml.Transforms.NormalizeMinMax("Features"))
        .Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            { MinimumExampleCountPerLeaf = 1, MinimumExampleCountPerGroup = 1, NumberOfIterations = 10 }))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
        .Fit(labelledData);
    var fitted = lightGbmBundle.Transform(labelledData);
    var fittedClasses = fitted.GetColumn<ReadOnlyMemory<char>>("PredictedClass").Select(c => c.ToString()).ToArray();
    var fittedScores = fitted.GetColumn<float[]>("Score").ToArray();
    var fittedKeyNames = KeyNames(fitted.Schema["PredictedLabel"]);
    var bundlePath = Path.Combine(work, "cells.reddino.zip");
    ml.Model.SaveRedDino(lightGbmBundle, bundlePath);
    (lightGbmBundle as IDisposable)?.Dispose();

    var fresh = new MLContext(seed: 1);
    using var bundle = fresh.Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = work });
    var loaded = bundle.Transform(fresh.Data.LoadFromEnumerable(labelled));
    var loadedKeys = loaded.GetColumn<uint>("PredictedLabel").ToArray();
    var loadedScores = loaded.GetColumn<float[]>("Score").ToArray();
    var engine = fresh.Model.CreatePredictionEngine<Cell, CellPrediction>(bundle);
    var mismatches = 0;
    for (var i = 0; i < labelled.Count; i++)
    {
        var one = engine.Predict(labelled[i]);
        var sameScores = fittedKeyNames.Select((name, c) => fittedScores[i][c] == loadedScores[i][IndexOf(bundle.Classes, name)]).All(x => x);
        if (bundle.Classes[(int)loadedKeys[i] - 1] != fittedClasses[i] || !sameScores
            || one.PredictedLabel != loadedKeys[i] || !one.Score.SequenceEqual(loadedScores[i]))
            mismatches++;
    }
    Console.WriteLine($"LightGBM bundle ({bundle.Manifest.Card.Provenance?["head"]}): {labelled.Count} images, classes " +
                      $"[{string.Join(", ", bundle.Classes)}], trained keys [{string.Join(", ", fittedKeyNames)}], " +
                      $"{mismatches} predictions differ (Transform or PredictionEngine vs the fitted pipeline)");
    if (mismatches != 0) return 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}
Console.WriteLine("package check passed");
return 0;

static float[] Floats(string path)
{
    var bytes = File.ReadAllBytes(path);
    var values = new float[bytes.Length / 4];
    Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
    return values;
}

static string[] KeyNames(DataViewSchema.Column column)
{
    VBuffer<ReadOnlyMemory<char>> names = default;
    column.GetKeyValues(ref names);
    return names.DenseValues().Select(n => n.ToString()).ToArray();
}

static int IndexOf(IReadOnlyList<string> classes, string name) => classes.ToList().IndexOf(name);

// The largest |a - b| - (1e-4 + 1e-4 |b|) over the values (<= 0: all within the tolerance).
static double Excess(float[] actual, float[] expected) =>
    actual.Length != expected.Length ? double.PositiveInfinity
        : actual.Zip(expected, (a, b) => Math.Abs(a - b) - (1e-4 + 1e-4 * Math.Abs(b))).Max();

internal sealed class Cell
{
    public string ImagePath { get; set; } = "";
    public string Label { get; set; } = "";
}

internal sealed class CellPrediction
{
    public uint PredictedLabel { get; set; }
    public float[] Score { get; set; } = [];
}

internal sealed class CellFeatures
{
    public float[] Features { get; set; } = [];
}
