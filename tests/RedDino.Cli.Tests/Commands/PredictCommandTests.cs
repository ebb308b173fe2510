using System.Globalization;
using CsvHelper;
using Microsoft.ML;
using RedDino.MLNet;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class PredictCommandTests
{
    private static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    private static string ManifestPath => RepoPaths.Fixture("embedding", "manifest.csv");
    private static readonly Lazy<string> Bundle = new(MakeBundle);

    private sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
    }

    // A k-NN bundle on the tiny backbone, fitted on the uncropped images of the embedding fixture.
    private static string MakeBundle()
    {
        var manifest = Manifest.Read(ManifestPath);
        var rows = manifest.Rows.Where(r => r.Crop is null)
            .Select(r => new ImageRow { ImagePath = r.ResolvePath(manifest.BaseFolder()), Label = r.Label! }).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", Model)
            .Append(ml.Transforms.Conversion.MapValueToClassKey(["a", "b"]))
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(3))
            .Fit(data);
        var path = Path.Combine(RepoPaths.NewTempFolder(), "tiny.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();
        return path;
    }

    [TestMethod]
    public void ManifestPredictionsGoToTheOutFileAndMatchTheLibrary()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "predictions.csv");
        var run = CliRun.Of("predict", "--bundle", Bundle.Value, "--manifest", ManifestPath, "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(output), run.LastLine);
        var records = ReadCsv(File.ReadAllText(output));
        var manifest = Manifest.Read(ManifestPath);
        Assert.HasCount(manifest.Rows.Count, records);
        CollectionAssert.AreEqual(manifest.Columns.Concat(["predicted", "score", "score_a", "score_b"]).ToArray(), records[0].Keys.ToArray());

        using var bundle = new MLContext().Model.LoadRedDino(Bundle.Value);
        var expected = bundle.Predict(manifest);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.AreEqual(manifest.Rows[i].Path, records[i]["path"]);
            Assert.AreEqual(expected[i].Label, records[i]["predicted"], $"row {i}");
            Assert.AreEqual(expected[i].Scores[1], float.Parse(records[i]["score_b"], CultureInfo.InvariantCulture), $"row {i}");
        }
    }

    [TestMethod]
    public void OneImageIsPrintedAsCsvOnStdout()
    {
        var image = RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");
        var run = CliRun.Of("predict", "--bundle", Bundle.Value, "--image", image);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var records = ReadCsv(run.Out);
        Assert.HasCount(1, records);
        Assert.AreEqual(Path.GetFullPath(image), records[0]["path"]);
        using var bundle = new MLContext().Model.LoadRedDino(Bundle.Value);
        Assert.AreEqual(bundle.Predict(image).Label, records[0]["predicted"]);
    }

    [TestMethod]
    public void UsageAndInputErrorsHaveTheContractsExitCodes()
    {
        Assert.AreEqual(2, CliRun.Of("predict", "--bundle", Bundle.Value).ExitCode, "neither --manifest nor --image");
        Assert.AreEqual(2, CliRun.Of("predict", "--bundle", Bundle.Value, "--manifest", ManifestPath, "--image", "x.png").ExitCode);
        var folder = RepoPaths.NewTempFolder();
        var missing = CliRun.Of("predict", "--bundle", Path.Combine(folder, "none.zip"), "--image", ManifestPath);
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.Error, "none.zip");
        var notZip = Path.Combine(folder, "fake.reddino.zip");
        File.WriteAllText(notZip, "not a zip");
        var bad = CliRun.Of("predict", "--bundle", notZip, "--image", ManifestPath);
        Assert.AreEqual(1, bad.ExitCode, bad.ToString());
        StringAssert.Contains(bad.Error, "not a RedDino bundle");
    }

    private static Dictionary<string, string>[] ReadCsv(string text)
    {
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(header.Select((h, i) => (h, csv.GetField(i)!)).ToDictionary(p => p.h, p => p.Item2));
        return rows.ToArray();
    }
}
