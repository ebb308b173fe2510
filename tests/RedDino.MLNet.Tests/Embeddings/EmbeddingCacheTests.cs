using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Embeddings;

[TestClass]
public sealed class EmbeddingCacheTests
{
    private static RedDinoEmbeddingOptions CachedOptions(string cache) =>
        new() { BatchSize = 4, Device = EmbeddingDevice.Cpu, PreprocessingThreads = 2, CacheFolder = cache };

    private static string[] Entries(string cache) => Directory.GetFiles(cache, "*.emb", SearchOption.AllDirectories);

    [TestMethod]
    public void SecondRunPerformsNoInference()
    {
        var cache = RepoPaths.NewTempFolder();
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        float[] first;
        using (var engine = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache)))
        {
            var run = engine.EmbedManifest(manifest);
            Assert.AreEqual(11, run.Computed);
            Assert.AreEqual(0, run.FromCache);
            Assert.AreEqual(11L, engine.ImagesInferred);
            first = run.Embeddings.Values;
        }
        // Every row differs in file or crop box: one entry each.
        Assert.HasCount(11, Entries(cache));

        using var again = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache));
        var second = again.EmbedManifest(manifest);
        Assert.AreEqual(0L, again.BatchesRun, "the second run must not call ONNX Runtime");
        Assert.AreEqual(11, second.FromCache);
        CollectionAssert.AreEqual(first, second.Embeddings.Values, "cached values are bit-identical");
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), second.Embeddings.Values, 1e-4, 1e-4, "from cache");
    }

    [TestMethod]
    public void CorruptEntryIsRecomputedNotTrusted()
    {
        var cache = RepoPaths.NewTempFolder();
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        using (var engine = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache)))
            engine.Embed(manifest);
        var entries = Entries(cache).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        // One entry gets a flipped bit in its floats (the checksum no longer matches), one is cut short.
        var flipped = File.ReadAllBytes(entries[0]);
        flipped[60] ^= 0x10;
        File.WriteAllBytes(entries[0], flipped);
        File.WriteAllBytes(entries[1], File.ReadAllBytes(entries[1])[..40]);

        using var again = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache));
        var run = again.EmbedManifest(manifest);
        Assert.AreEqual(2, run.Computed);
        Assert.AreEqual(9, run.FromCache);
        Assert.AreEqual(2, again.CorruptCacheEntries);
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), run.Embeddings.Values, 1e-4, 1e-4, "after repair");

        using var third = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache));
        Assert.AreEqual(11, third.EmbedManifest(manifest).FromCache, "the recomputed entries were rewritten");
    }

    [TestMethod]
    public void CropBoxesOfOneFileGetDifferentEntries()
    {
        var cache = RepoPaths.NewTempFolder();
        var file = RepoPaths.Fixture("imaging", "sources", "rgb_240x229.png");
        using var engine = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache));
        var whole = engine.Embed(ImageRequest.FromFile(file));
        var cropA = engine.Embed(ImageRequest.FromFile(file, new CropBox(0, 0, 50, 50)));
        var cropB = engine.Embed(ImageRequest.FromFile(file, new CropBox(1, 0, 50, 50)));
        Assert.HasCount(3, Entries(cache));
        Assert.AreEqual(3L, engine.ImagesInferred);
        CollectionAssert.AreNotEqual(cropA, cropB);
        CollectionAssert.AreEqual(cropB, engine.Embed(ImageRequest.FromFile(file, new CropBox(1, 0, 50, 50))));
        CollectionAssert.AreEqual(whole, engine.Embed(ImageRequest.FromBytes(File.ReadAllBytes(file), "same bytes")));
        Assert.AreEqual(3L, engine.ImagesInferred, "repeats (also as bytes with the same content) come from the cache");
    }

    [TestMethod]
    public void OtherModelOrPreprocessingDoesNotShareEntries()
    {
        var cache = RepoPaths.NewTempFolder();
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        using (var engine = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache)))
            engine.Embed(manifest);
        // Same graph and weights, other file bytes (no metadata) and other preprocessing: all new.
        using var other = new EmbeddingEngine(TinyBackbone.ModelWithoutMetadata, CachedOptions(cache));
        Assert.AreEqual(11, other.EmbedManifest(manifest).Computed);
        Assert.HasCount(22, Entries(cache));
    }

    [TestMethod]
    public void InterruptedRunOnlyComputesWhatIsMissing()
    {
        var cache = RepoPaths.NewTempFolder();
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        using var cancel = new CancellationTokenSource();
        using (var engine = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache)))
        {
            var progress = new SynchronousProgress(p => { if (p.Done >= 4) cancel.Cancel(); });
            Assert.ThrowsExactly<OperationCanceledException>(() => engine.EmbedManifest(manifest, progress: progress, cancellation: cancel.Token));
        }
        var saved = Entries(cache).Length;
        Assert.IsTrue(saved is >= 4 and < 11, $"{saved} entries after the interruption");

        using var resumed = new EmbeddingEngine(TinyBackbone.Model, CachedOptions(cache));
        var run = resumed.EmbedManifest(manifest);
        Assert.AreEqual(saved, run.FromCache);
        Assert.AreEqual(11 - saved, run.Computed);
        Assert.AreEqual(11L - saved, resumed.ImagesInferred);
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), run.Embeddings.Values, 1e-4, 1e-4, "resumed");
    }

    [TestMethod]
    public void CachedRowsBetweenBatchesInFlightKeepTheirPlace()
    {
        // Every other row cached, batch size 2: cached rows arrive while a computed batch is still running
        // on the inference task and must wait for it, so the output keeps manifest order.
        var cache = RepoPaths.NewTempFolder();
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var resolved = manifest.Rows.Select(r => r with { Path = r.ResolvePath(manifest.BaseFolder()) }).ToList();
        var evenRows = new Manifest(resolved.Where((_, i) => i % 2 == 0).ToList(), manifest.Columns);
        var options = CachedOptions(cache);
        options.BatchSize = 2;
        using (var warm = new EmbeddingEngine(TinyBackbone.Model, options))
            Assert.AreEqual(6, warm.EmbedManifest(evenRows).Computed);

        using var engine = new EmbeddingEngine(TinyBackbone.Model, options);
        var run = engine.EmbedManifest(manifest);
        Assert.AreEqual(6, run.FromCache);
        Assert.AreEqual(5, run.Computed);
        Assert.AreEqual(3L, engine.BatchesRun, "5 computed rows in batches of 2");
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), run.Embeddings.Values, 1e-4, 1e-4, "mixed cached and computed");
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
