using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Bundles;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Bundles;

[TestClass]
public sealed class BundleTests
{
    private sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
    }

    private static (IDataView Data, string[] Paths) Images(MLContext ml)
    {
        var manifest = TinyBackbone.ManifestCopy(out _);
        var rows = EstimatorFixture.UncroppedRows.Select(i => new ImageRow { ImagePath = manifest.Rows[i].Path, Label = manifest.Rows[i].Label! }).ToArray();
        return (ml.Data.LoadFromEnumerable(rows), rows.Select(r => r.ImagePath).ToArray());
    }

    private static ITransformer Fit(MLContext ml, IDataView data, string head)
    {
        var classifier = head == "knn"
            ? (IEstimator<ITransformer>)ml.MulticlassClassification.Trainers.KNearestNeighbors(3)
            : ml.MulticlassClassification.Trainers.RedDinoLinearProbe();
        return ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model)
            .Append(ml.Transforms.Conversion.MapValueToClassKey(["a", "b"]))
            .AppendCacheCheckpoint(ml)
            .Append(classifier)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
            .Fit(data);
    }

    [TestMethod]
    [DataRow("knn")]
    [DataRow("linear_probe")]
    public void RoundTripInAFreshContextGivesIdenticalPredictions(string head)
    {
        var ml = new MLContext(seed: 1);
        var (data, paths) = Images(ml);
        var model = Fit(ml, data, head);
        var expected = model.Transform(data);
        var expectedKeys = expected.GetColumn<uint>("PredictedLabel").ToArray();
        var expectedScores = expected.GetColumn<float[]>("Score").ToArray();
        var bundlePath = Path.Combine(RepoPaths.NewTempFolder(), "tiny.reddino.zip");
        ml.Model.SaveRedDino(model, bundlePath, new RedDinoBundleCard(new JsonObject { ["note"] = "test" }));
        (model as IDisposable)?.Dispose();

        var fresh = new MLContext(seed: 2);
        using var bundle = fresh.Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = RepoPaths.NewTempFolder() });
        CollectionAssert.AreEqual(new[] { "a", "b" }, bundle.Classes.ToArray());
        Assert.AreEqual(head == "knn" ? "knn" : "mlnet", bundle.Manifest.Head.Kind);
        Assert.AreEqual("test", bundle.Manifest.Card.Metrics!["note"]!.GetValue<string>());
        var output = bundle.Transform(Images(fresh).Data);
        CollectionAssert.AreEqual(expectedKeys, output.GetColumn<uint>("PredictedLabel").ToArray());
        var scores = output.GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
            CollectionAssert.AreEqual(expectedScores[i], scores[i], $"row {i}");
        // KeyValues travel with PredictedLabel, so MapKeyToValue works on the bundle's output.
        var names = fresh.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel").Fit(output).Transform(output);
        CollectionAssert.AreEqual(expectedKeys.Select(k => bundle.Classes[(int)k - 1]).ToArray(),
            names.GetColumn<ReadOnlyMemory<char>>("PredictedClass").Select(v => v.ToString()).ToArray());

        // The single-image helper agrees with the batched transform.
        for (var i = 0; i < paths.Length; i++)
        {
            var one = bundle.Predict(paths[i]);
            Assert.AreEqual((int)expectedKeys[i] - 1, one.ClassIndex, $"image {i}");
            CollectionAssert.AreEqual(expectedScores[i], one.Scores.ToArray(), $"image {i}");
        }
    }

    [TestMethod]
    public void ATamperedEntryFailsClearly()
    {
        var bundlePath = SavedKnnBundle();
        Rewrite(bundlePath, BundleFormat.KnnHeadEntry, bytes => { bytes[^1] ^= 1; return bytes; });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath));
        StringAssert.Contains(error.Message, "'knn.bin' does not match its sha256");
        StringAssert.Contains(error.Message, bundlePath);
    }

    [TestMethod]
    public void ANewerFormatVersionFailsClearly()
    {
        var bundlePath = SavedKnnBundle();
        BundleEdits.RewriteManifest(bundlePath, json => json["format_version"] = BundleFormat.CurrentVersion + 1);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath));
        StringAssert.Contains(error.Message, $"format_version {BundleFormat.CurrentVersion + 1} is newer");
    }

    [TestMethod]
    public void ANewerKnnHeadVersionFailsClearly()
    {
        var bundlePath = SavedKnnBundle();
        string? sha = null;
        Rewrite(bundlePath, BundleFormat.KnnHeadEntry, bytes =>
        {
            BitConverter.GetBytes(2).CopyTo(bytes, 8); // the int32 after the 8-byte magic
            sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            return bytes;
        });
        BundleEdits.RewriteManifest(bundlePath, json => json["head"]!["sha256"] = sha);
        Resign(bundlePath);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath));
        StringAssert.Contains(error.Message, "k-NN head format version 2 is newer");
    }

    [TestMethod]
    public void TheUnpackedBackboneGoesAwayWithTheBundleAndErrorsNameTheBundleEntry()
    {
        var bundlePath = SavedKnnBundle();
        var extraction = RepoPaths.NewTempFolder();
        using (var bundle = new MLContext().Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = extraction }))
        {
            Assert.HasCount(1, Directory.GetFiles(extraction), "the backbone, unpacked for ONNX Runtime");
            using var again = new MLContext().Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = extraction });
            Assert.HasCount(2, Directory.GetFiles(extraction), "each load has its own file");
        }
        Assert.IsEmpty(Directory.GetFiles(extraction), "disposing the bundles deletes what they unpacked");

        // A backbone that is not an ONNX model but matches its sha256: the error names the bundle and the entry.
        var garbage = Encoding.ASCII.GetBytes("not an onnx model");
        Rewrite(bundlePath, BundleFormat.BackboneEntry, _ => garbage);
        Rewrite(bundlePath, BundleFormat.ManifestEntry, bytes =>
        {
            var json = JsonNode.Parse(bytes)!;
            json["backbone"]!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage));
            return Encoding.UTF8.GetBytes(json.ToJsonString());
        });
        Resign(bundlePath); // bundle.sha256 covers bundle.json
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            new MLContext().Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = extraction }));
        StringAssert.Contains(error.Message, $"{bundlePath} (backbone.onnx)");
        Assert.DoesNotContain(extraction, error.Message, "never the unpacked file");
        Assert.IsEmpty(Directory.GetFiles(extraction), "a failed load leaves nothing");
    }

    [TestMethod]
    public void BundleJsonFollowsTheContract()
    {
        using var zip = ZipFile.OpenRead(SavedKnnBundle());
        CollectionAssert.AreEquivalent(new[] { "bundle.json", "bundle.sha256", "backbone.onnx", "knn.bin" }, zip.Entries.Select(e => e.FullName).ToArray());
        // bundle.sha256 is sha256sum's output for the other entries (`sha256sum -c bundle.sha256` checks an unzipped bundle).
        var digests = Encoding.UTF8.GetString(EntryBytes(zip, "bundle.sha256"));
        var expectedDigests = string.Concat(new[] { "bundle.json", "backbone.onnx", "knn.bin" }
            .Select(name => $"{BundleEdits.Sha256(EntryBytes(zip, name))}  {name}\n"));
        Assert.AreEqual(expectedDigests, digests);
        using var stream = zip.GetEntry("bundle.json")!.Open();
        var json = JsonNode.Parse(stream)!;
        Assert.AreEqual(3, json["format_version"]!.GetValue<int>());
        Assert.AreEqual("ImagePath", json["input"]!["column"]!.GetValue<string>());
        Assert.IsNull(json["input"]!["image_folder"]);
        Assert.AreEqual("Features", json["feature_column"]!.GetValue<string>());
        Assert.IsFalse(string.IsNullOrEmpty(json["tool_version"]!.GetValue<string>()));
        Assert.IsFalse(string.IsNullOrEmpty(json["created"]!.GetValue<string>()));
        CollectionAssert.AreEqual(new[] { "a", "b" }, json["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        Assert.AreEqual("backbone.onnx", json["backbone"]!["file"]!.GetValue<string>());
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(TinyBackbone.Model))),
            json["backbone"]!["sha256"]!.GetValue<string>());
        Assert.AreEqual(TinyBackbone.ImageSize, json["backbone"]!["preprocessing"]!["image_size"]!.GetValue<int>());
        Assert.AreEqual("knn", json["head"]!["kind"]!.GetValue<string>());
        Assert.AreEqual(3, json["head"]!["k"]!.GetValue<int>());
        Assert.AreEqual("knn.bin", json["head"]!["file"]!.GetValue<string>());
        Assert.IsNotNull(json["card"]!["provenance"]);
    }

    [TestMethod]
    public void MLNetSaveOfTheChainPointsToSaveRedDino()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Images(ml);
        var model = Fit(ml, data, "knn");
        var target = Path.Combine(RepoPaths.NewTempFolder(), "model.zip");
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, data.Schema, target));
        StringAssert.Contains(error.Message, "SaveRedDino");
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void SavingSomethingThatIsNotABundleFailsAndLeavesNoFile()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Images(ml);
        var embeddingsOnly = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model).Fit(data);
        var target = Path.Combine(RepoPaths.NewTempFolder(), "x.reddino.zip");
        StringAssert.Contains(Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.SaveRedDino(embeddingsOnly, target)).Message, "no classifier");
        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(target)!, "*.partial"), "no temporary file is left behind");
        embeddingsOnly.Dispose();
    }

    [TestMethod]
    public void AnEditedClassNameIsDetected()
    {
        using var scratch = new ScratchFolder();
        var bundlePath = SavedKnnBundle(scratch.Path);
        BundleEdits.RewriteManifest(bundlePath, json => json["classes"] = new JsonArray("b", "a")); // swapped: every prediction would be named wrongly
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath));
        StringAssert.Contains(error.Message, bundlePath);
        StringAssert.Contains(error.Message, "entry 'bundle.json' does not match its sha256 in 'bundle.sha256'");
    }

    [TestMethod]
    public void AGarbageHeadWhoseHashesMatchNamesTheBundleAndTheEntry()
    {
        using var scratch = new ScratchFolder();
        var ml = new MLContext(seed: 1);
        var (data, _) = Images(ml);
        var model = Fit(ml, data, "linear_probe");
        var bundlePath = Path.Combine(scratch.Path, "linear.reddino.zip");
        ml.Model.SaveRedDino(model, bundlePath);
        (model as IDisposable)?.Dispose();
        var garbage = Encoding.ASCII.GetBytes("this is not an ML.NET model zip");
        Rewrite(bundlePath, BundleFormat.MLNetHeadEntry, _ => garbage);
        BundleEdits.RewriteManifest(bundlePath, json => json["head"]!["sha256"] = BundleEdits.Sha256(garbage));
        Resign(bundlePath);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath,
            new RedDinoBundleOptions { ExtractionFolder = scratch.File("extracted") }));
        StringAssert.StartsWith(error.Message, $"{bundlePath}: entry 'head.mlnet' is not a loadable ML.NET classifier");
    }

    [TestMethod]
    public void AFormatOneBundleWithoutDigestsStillLoads()
    {
        using var scratch = new ScratchFolder();
        var bundlePath = SavedKnnBundle(scratch.Path);
        BundleEdits.RewriteManifest(bundlePath, json => json["format_version"] = 1);
        using (var zip = ZipFile.Open(bundlePath, ZipArchiveMode.Update))
            zip.GetEntry(BundleFormat.DigestsEntry)!.Delete();
        using var bundle = new MLContext().Model.LoadRedDino(bundlePath, new RedDinoBundleOptions { ExtractionFolder = scratch.File("extracted") });
        CollectionAssert.AreEqual(new[] { "a", "b" }, bundle.Classes.ToArray());

        // The same bundle claiming format 2 must carry its digests.
        BundleEdits.RewriteManifest(bundlePath, json => json["format_version"] = 2);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadRedDino(bundlePath)).Message,
            "missing entry 'bundle.sha256'");
    }

    private static string SavedKnnBundle(string folder)
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Images(ml);
        var model = Fit(ml, data, "knn");
        var path = Path.Combine(folder, "tiny.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();
        return path;
    }

    private static string SavedKnnBundle() => SavedKnnBundle(RepoPaths.NewTempFolder());

    private static void Rewrite(string zipPath, string entryName, Func<byte[], byte[]> change) => BundleEdits.Rewrite(zipPath, entryName, change);

    private static void Resign(string zipPath) => BundleEdits.Resign(zipPath);

    private static byte[] EntryBytes(ZipArchive zip, string name) => BundleEdits.EntryBytes(zip, name);
}
