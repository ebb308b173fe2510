using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Every kind of bad row is found before it can do harm and is reported like a missing image: an error
/// naming the manifest, the row and the file, or a skipped row under SkipBad. The good rows' embeddings are those
/// of the PyTorch reference (1e-4 + 1e-4 |b|), unchanged by the bad rows around them.</summary>
[TestClass]
public sealed class BadRowTests
{
    private static RedDinoEmbeddingOptions Options(bool skipBad = false) =>
        new() { BatchSize = 4, Device = EmbeddingDevice.Cpu, PreprocessingThreads = 2, SkipBad = skipBad };

    [TestMethod]
    public void BombsOversizedCropsAndMalformedRowsAreBadRows()
    {
        using var scratch = new ScratchFolder();
        var good = RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");
        File.WriteAllBytes(scratch.File("bomb.png"), BombFiles.Png(60000, 60000));
        File.WriteAllBytes(scratch.File("bomb.jpg"), BombFiles.Jpeg(46341, 46341));
        var manifestPath = scratch.File("manifest.csv");
        File.WriteAllText(manifestPath, $"""
            path,label,crop_x,crop_y,crop_w,crop_h
            {good},a,,,,
            bomb.png,b,,,,
            {good},a,0,0,30000,30000
            {good},b,0,0,abc,4
            bomb.jpg,a,,,,
            {good},b,0,0,37,23

            """);
        var manifest = Manifest.Read(manifestPath, keepBadRows: true);

        using (var strict = new EmbeddingEngine(TinyBackbone.Model, Options()))
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => strict.Embed(manifest));
            StringAssert.StartsWith(error.Message, $"{manifestPath}, row 2: {scratch.File("bomb.png")}: image declares 60000x60000");
        }

        using var lenient = new EmbeddingEngine(TinyBackbone.Model, Options(skipBad: true));
        var result = lenient.EmbedManifest(manifest);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, result.Skipped.Select(s => s.RowIndex).ToArray());
        StringAssert.Contains(result.Skipped[0].Reason, "more than the limit of 89,478,485");
        StringAssert.Contains(result.Skipped[1].Reason, "crop box 30000x30000 = 900,000,000 pixels");
        Assert.AreEqual("'crop_w' is not an integer: 'abc'", result.Skipped[2].Reason);
        StringAssert.Contains(result.Skipped[3].Reason, "46341x46341");
        Assert.AreEqual(2, result.Embeddings.Count);
        // Rows 1 and 6 are the reference's row 0 (the whole 37x23 image; the 37x23 crop is the same pixels).
        var expected = TinyBackbone.Expected("tiny_vit").AsSpan(0, TinyBackbone.Dim).ToArray();
        TinyBackbone.AssertClose([.. expected, .. expected], result.Embeddings.Values, 1e-4, 1e-4, "good rows");
    }

    [TestMethod]
    public void ThePixelLimitIsAnOption()
    {
        var manifest = TinyBackbone.ManifestCopy(out var folder);
        try
        {
            var options = Options(skipBad: true);
            options.MaxImagePixels = 240 * 229 - 1; // rows 1-3 use the 240x229 image; row 7's crop is 42x42
            using var engine = new EmbeddingEngine(TinyBackbone.Model, options);
            var result = engine.EmbedManifest(manifest);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, result.Skipped.Select(s => s.RowIndex).ToArray());
            options.MaxImagePixels = 0;
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EmbeddingEngine(TinyBackbone.Model, options));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void NonFiniteEmbeddingsAreBadRowsAndNeverCached()
    {
        using var scratch = new ScratchFolder();
        // The model's embedding is sqrt(channel mean - 0.5): NaN for a dark image, finite for a bright one.
        var model = OnnxEdits.SqrtOfChannelMeans(scratch.Path);
        PngWriter.Save(Filled(200), scratch.File("bright.png"));
        PngWriter.Save(Filled(20), scratch.File("dark.png"));
        var manifestPath = scratch.File("manifest.csv");
        File.WriteAllText(manifestPath, "path\nbright.png\ndark.png\nbright.png\n");
        var manifest = Manifest.Read(manifestPath);

        var options = Options();
        options.CacheFolder = scratch.File("cache");
        using (var strict = new EmbeddingEngine(model, options))
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => strict.Embed(manifest));
            StringAssert.StartsWith(error.Message, $"{manifestPath}, row 2: {scratch.File("dark.png")}: the model's embedding holds NaN at feature 0");
            Assert.ThrowsExactly<InvalidDataException>(() => strict.Embed(ImageRequest.FromFile(scratch.File("dark.png"))));
        }
        options.SkipBad = true;
        for (var run = 0; run < 2; run++)
        {
            using var lenient = new EmbeddingEngine(model, options);
            var result = lenient.EmbedManifest(manifest);
            CollectionAssert.AreEqual(new[] { 1 }, result.Skipped.Select(s => s.RowIndex).ToArray(), $"run {run}");
            // The strict run cached the bright rows of its batch: both come from the cache, the dark one never does.
            Assert.AreEqual(2, result.FromCache, $"run {run}");
            // (200 / 255 - 0.5) ^ 0.5 for every channel, in float32.
            var value = MathF.Sqrt(200f / 255f - 0.5f);
            foreach (var v in result.Embeddings.Values) Assert.AreEqual(value, v, 1e-6f);
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void AModelWithAFixedBatchRunsAtThatBatchWithOneNotice(int batch)
    {
        using var scratch = new ScratchFolder();
        var model = OnnxEdits.WithStaticBatch(TinyBackbone.Model, scratch.Path, batch);
        var notices = new List<string>();
        var options = Options();
        options.BatchSize = 32;
        options.Log = notices.Add;
        using var engine = new EmbeddingEngine(model, options);
        Assert.AreEqual(batch, engine.Options.BatchSize);
        Assert.HasCount(1, notices);
        StringAssert.Contains(notices[0], $"fixes the batch size at {batch}");
        // 11 rows: with a batch of 3 the last call is padded.
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), engine.Embed(Manifest.Read(TinyBackbone.ManifestPath)).Values, 1e-4, 1e-4, $"batch {batch}");
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit").AsSpan(0, TinyBackbone.Dim),
            engine.Embed(ImageRequest.FromFile(RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png"))), 1e-4, 1e-4, "one image");
    }

    [TestMethod]
    public void ABatchTooLargeForTheMemoryIsLoweredWithANotice()
    {
        var notices = new List<string>();
        var options = new RedDinoEmbeddingOptions { BatchSize = 4096, PrefetchBatches = 2, Log = notices.Add };
        var model = RedDinoModelInfo.Read(TinyBackbone.Model);
        var inputLength = 3 * TinyBackbone.ImageSize * TinyBackbone.ImageSize;
        // 1 MB available: a quarter of it holds 250,000 / (inputLength * 4 bytes * 4 batches) images.
        var batch = BatchSizing.Effective(options, model, inputLength, availableBytes: 1_000_000);
        Assert.AreEqual((int)(250_000 / ((long)inputLength * 4 * 4)), batch);
        Assert.HasCount(1, notices);
        StringAssert.Contains(notices[0], $"batch size 4096 would hold");
        StringAssert.Contains(notices[0], $"using {batch}");
        Assert.AreEqual(4096, BatchSizing.Effective(options, model, inputLength, availableBytes: 100_000_000_000));
        options.BatchSize = 4097;
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);
    }

    private static RgbImage Filled(byte value)
    {
        var pixels = new byte[8 * 8 * 3];
        Array.Fill(pixels, value);
        return new RgbImage(8, 8, pixels);
    }
}
