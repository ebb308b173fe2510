using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The engine against the reference (PIL preprocessing + PyTorch forward of the tiny ViT):
/// |a - b| &lt;= 1e-4 + 1e-4 |b|; batch size changes nothing beyond 1e-5.</summary>
[TestClass]
public sealed class EmbeddingEngineTests
{
    public TestContext TestContext { get; set; } = null!;

    private static RedDinoEmbeddingOptions Options(int batch) => new() { BatchSize = batch, Device = EmbeddingDevice.Cpu, PreprocessingThreads = 2 };

    [TestMethod]
    public void ManifestEmbeddingsMatchPyTorch()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.Model, Options(4));
        Assert.AreEqual("cpu", engine.Device);
        var set = engine.Embed(Manifest.Read(TinyBackbone.ManifestPath));
        Assert.AreEqual(11, set.Count);
        Assert.AreEqual(TinyBackbone.Dim, set.Dimension);
        var maxDiff = TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), set.Values, 1e-4, 1e-4, "tiny_vit");
        TestContext.WriteLine($"tiny_vit vs PyTorch: max |a - b| = {maxDiff:E2}");
        Assert.AreEqual("tiny_vit", set.Info.ModelName);
        Assert.AreEqual(64, set.Info.ModelSha256.Length);
        Assert.AreEqual(42, set.Info.Preprocessing!["image_size"]!.GetValue<int>());
        Assert.AreEqual("row 3", set.Manifest.Rows[3].Extra!["note"]);
        Assert.AreEqual(3, engine.BatchesRun);
    }

    [TestMethod]
    public void ModelWithoutMetadataUsesImageNetStatistics()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.ModelWithoutMetadata, Options(32));
        CollectionAssert.AreEqual(new[] { 0.485f, 0.456f, 0.406f }, engine.Model.Preprocessing.Mean);
        Assert.AreEqual(TinyBackbone.ImageSize, engine.Model.Preprocessing.ImageSize, "S from the static input shape");
        var set = engine.Embed(Manifest.Read(TinyBackbone.ManifestPath));
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit_nometa"), set.Values, 1e-4, 1e-4, "tiny_vit_nometa");
    }

    [TestMethod]
    public void BatchSizeDoesNotChangeTheEmbeddings()
    {
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        float[] Run(int batch, int threads)
        {
            using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { BatchSize = batch, PreprocessingThreads = threads, Device = EmbeddingDevice.Cpu });
            return engine.Embed(manifest).Values;
        }
        var one = Run(1, 1);
        TinyBackbone.AssertClose(one, Run(32, 2), 1e-5, 0, "batch 32 vs 1");
        TinyBackbone.AssertClose(one, Run(3, 3), 1e-5, 0, "batch 3 vs 1");
    }

    [TestMethod]
    public void StreamHandsOutEachBatchBeforeAskingForMoreInput()
    {
        // A request/response caller gives row i+1 only once row i came back: with batch size 1 the engine
        // must hand out a finished batch rather than hold it while it waits for more input.
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var rows = manifest.Rows.Take(4).Select(r => (Path: r.ResolvePath(manifest.BaseFolder()), r.Crop)).ToList();
        using var received = new SemaphoreSlim(0);
        IEnumerable<int> Input()
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (i > 0 && !received.Wait(TimeSpan.FromSeconds(10)))
                    throw new TimeoutException($"row {i - 1} was not handed out before row {i} was asked for");
                yield return i;
            }
        }

        using var engine = new EmbeddingEngine(TinyBackbone.Model, Options(1));
        var seen = new List<int>();
        foreach (var result in engine.EmbedStream(Input(), i => ImageRequest.FromFile(rows[i].Path, rows[i].Crop)))
        {
            Assert.IsNotNull(result.Embedding);
            seen.Add(result.Item);
            received.Release();
        }
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, seen);
    }

    [TestMethod]
    public void SingleImagesAndBytesGiveTheSameAsTheManifest()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.Model, Options(8));
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var expected = TinyBackbone.Expected("tiny_vit");
        var row = manifest.Rows[3]; // a crop past the border
        var path = row.ResolvePath(manifest.BaseFolder());
        TinyBackbone.AssertClose(expected.AsSpan(3 * 32, 32), engine.Embed(ImageRequest.FromFile(path, row.Crop)), 1e-4, 1e-4, "file");
        TinyBackbone.AssertClose(expected.AsSpan(3 * 32, 32), engine.Embed(ImageRequest.FromBytes(File.ReadAllBytes(path), "bytes", row.Crop)), 1e-4, 1e-4, "bytes");
        TinyBackbone.AssertClose(expected.AsSpan(3 * 32, 32), engine.Embed(ImageRequest.FromImage(ImageDecoder.DecodeFile(path), "decoded", row.Crop)), 1e-4, 1e-4, "decoded");
    }

    [TestMethod]
    public void BadImageStopsWithRowAndPathUnlessSkipped()
    {
        var manifest = TinyBackbone.ManifestCopy(out var folder);
        var truncated = Path.Combine(folder, "truncated.jpg");
        var jpeg = File.ReadAllBytes(RepoPaths.Fixture("imaging", "sources", "smooth_150x113.jpg"));
        File.WriteAllBytes(truncated, jpeg[..(jpeg.Length / 3)]);
        var missing = Path.Combine(folder, "missing.png");
        var rows = manifest.Rows.ToList();
        rows.Insert(2, new ManifestRow(truncated, "a"));
        rows.Insert(7, new ManifestRow(missing, "b"));
        var bad = new Manifest(rows, manifest.Columns, manifest.FilePath);

        using (var strict = new EmbeddingEngine(TinyBackbone.Model, Options(4)))
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => strict.Embed(bad));
            StringAssert.Contains(e.Message, "row 3");
            StringAssert.Contains(e.Message, truncated);
        }

        var options = Options(4);
        options.SkipBad = true;
        using var lenient = new EmbeddingEngine(TinyBackbone.Model, options);
        var result = lenient.EmbedManifest(bad);
        Assert.HasCount(2, result.Skipped);
        Assert.AreEqual(2, result.Skipped[0].RowIndex);
        StringAssert.Contains(result.Skipped[0].Reason, "truncated");
        Assert.AreEqual(7, result.Skipped[1].RowIndex);
        StringAssert.Contains(result.Skipped[1].Reason, missing);
        Assert.AreEqual(11, result.Embeddings.Count);
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), result.Embeddings.Values, 1e-4, 1e-4, "good rows");
    }

    [TestMethod]
    public void ModelsOutsideTheContractAreRejected()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new EmbeddingEngine(TinyBackbone.WrongNames));
        StringAssert.Contains(e.Message, "pixel_values");
        StringAssert.Contains(e.Message, TinyBackbone.WrongNames);
        var notOnnx = Path.Combine(RepoPaths.NewTempFolder(), "model.onnx");
        File.WriteAllText(notOnnx, "not a model");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RedDinoModelInfo.Read(notOnnx)).Message, notOnnx);
        Assert.ThrowsExactly<FileNotFoundException>(() => RedDinoModelInfo.Read(notOnnx + ".missing"));
    }

    [TestMethod]
    public void CudaThatCannotStartIsAnError()
    {
        // The tests carry the CPU build of ONNX Runtime: CUDA cannot start, and Cuda asks for nothing else.
        var error = Assert.ThrowsExactly<OnnxRuntimeUnavailableException>(() =>
            new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cuda, GpuId = 1 }));
        StringAssert.StartsWith(error.Message, "CUDA (GPU 1) cannot start: the application carries the CPU-only ONNX Runtime package; the device 'auto' falls back");
    }

    [TestMethod]
    public void AutoFallsBackToCpuWithOneLine()
    {
        var lines = new List<string>();
        OnnxSessionFactory.TryCudaWhenNotListed = true; // as with the GPU package on a machine where CUDA cannot start
        try
        {
            using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Auto, Log = lines.Add });
            Assert.AreEqual("cpu", engine.Device);
        }
        finally
        {
            OnnxSessionFactory.TryCudaWhenNotListed = false;
        }
        Assert.HasCount(1, lines);
        StringAssert.Contains(lines[0], "running on CPU");
        TestContext.WriteLine(lines[0]);
        Assert.IsFalse(lines[0].Contains('\n'));
    }

    [TestMethod]
    public void CancellingStopsTheEnumerationAtOnceAlsoInTheLastBatch()
    {
        // One batch larger than the manifest: every row comes out of the final, partial batch, which the
        // pipeline hands out without waiting on anything; the cancellation must still stop it at the next row.
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var paths = manifest.Rows.Select(r => r.ResolvePath(manifest.BaseFolder())).ToArray();
        using var engine = new EmbeddingEngine(TinyBackbone.Model, Options(32));
        using var cancel = new CancellationTokenSource();
        var handedOut = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() =>
        {
            foreach (var _ in engine.EmbedStream(paths, p => ImageRequest.FromFile(p), cancel.Token))
            {
                handedOut++;
                cancel.Cancel();
            }
        });
        Assert.AreEqual(1, handedOut, "no row after the cancellation");
    }
}
