using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

[TestClass]
public sealed class UmapTests
{
    private const int Dimension = 20;

    [TestMethod]
    public void SameSeedSameMapAcrossSearchThreads_OtherSeedOtherMap()
    {
        var (values, _) = SyntheticClusters.Make(3, 60, Dimension, seed: 5);
        var first = new Umap(new UmapOptions { Seed = 7, Epochs = 60, NeighborSearch = new NeighborSearchOptions { Threads = 1 } }).Fit(values, Dimension);
        var again = new Umap(new UmapOptions { Seed = 7, Epochs = 60, NeighborSearch = new NeighborSearchOptions { Threads = 2, QueryBlockSize = 17 } }).Fit(values, Dimension);
        var other = new Umap(new UmapOptions { Seed = 8, Epochs = 60 }).Fit(values, Dimension);
        CollectionAssert.AreEqual(first.Coordinates, again.Coordinates, "same seed: identical coordinates");
        CollectionAssert.AreNotEqual(first.Coordinates, other.Coordinates, "another seed: another layout");
        Assert.IsTrue(first.Coordinates.All(float.IsFinite));
    }

    [TestMethod]
    public void KeepsNeighbourhoodsBetterThanPca()
    {
        // 8 clusters (> 2 x 2 components: the component-centroid layout of the spectral start) of 3-D structure in 20-D.
        var (values, _) = SyntheticClusters.Make(8, 60, Dimension, seed: 11);
        var umap = new Umap(new UmapOptions { Seed = 0 }).Fit(values, Dimension);
        var pca = PrincipalComponents.Fit(values, Dimension, 2).Transform(values).Select(v => (float)v).ToArray();
        var umapTrust = Trustworthiness.Compute(values, Dimension, umap.Coordinates, 2, 10);
        var pcaTrust = Trustworthiness.Compute(values, Dimension, pca, 2, 10);
        Console.WriteLine($"trustworthiness k=10: UMAP {umapTrust:F4}, PCA {pcaTrust:F4}; {umap.ConnectedComponents} graph components, {umap.Epochs} epochs, a={umap.A:F4} b={umap.B:F4}");
        Assert.IsGreaterThan(0.95, umapTrust, "UMAP keeps local neighbourhoods");
        Assert.IsGreaterThan(pcaTrust + 0.03, umapTrust, "UMAP above PCA");
    }

    [TestMethod]
    public void ConnectedDataWithSpectralAndPcaStartsMapsWell()
    {
        // One blob with 3-D structure: a connected graph (one spectral problem, dense size) and the PCA start.
        var (values, _) = SyntheticClusters.Make(1, 300, Dimension, seed: 3);
        foreach (var init in new[] { UmapInitialization.Spectral, UmapInitialization.Pca, UmapInitialization.Random })
        {
            var map = new Umap(new UmapOptions { Seed = 1, Initialization = init }).Fit(values, Dimension);
            var trust = Trustworthiness.Compute(values, Dimension, map.Coordinates, 2, 10);
            Console.WriteLine($"{init}: trustworthiness {trust:F4}, {map.ConnectedComponents} component(s)");
            Assert.AreEqual(1, map.ConnectedComponents);
            Assert.IsGreaterThan(0.85, trust, $"{init} start");
        }
    }

    [TestMethod]
    public void AnMLNetFeatureColumnMapsLikeTheMatrix()
    {
        var (values, _) = SyntheticClusters.Make(2, 40, Dimension, seed: 9);
        var rows = Enumerable.Range(0, 80).Select(i => new FeatureRow { Features = values.AsSpan(i * Dimension, Dimension).ToArray() });
        var data = new Microsoft.ML.MLContext(0).Data.LoadFromEnumerable(rows);
        var options = new UmapOptions { Seed = 2, Epochs = 30 };
        CollectionAssert.AreEqual(new Umap(options).Fit(values, Dimension).Coordinates, new Umap(options).Fit(data).Coordinates);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Umap(options).Fit(data, "Embedding"));
        StringAssert.Contains(error.Message, "no column 'Embedding'");
    }

    private sealed class FeatureRow
    {
        [Microsoft.ML.Data.VectorType(Dimension)]
        public float[] Features { get; set; } = [];
    }

    [TestMethod]
    public void DefaultsFollowUmapLearn()
    {
        var options = new UmapOptions();
        Assert.AreEqual(15, options.Neighbors);
        Assert.AreEqual(0.1, options.MinDist);
        Assert.AreEqual(1.0, options.Spread);
        Assert.AreEqual(2, options.Components);
        Assert.AreEqual(5, options.NegativeSampleRate);
        Assert.AreEqual(UmapInitialization.Spectral, options.Initialization);
        Assert.AreEqual(500, UmapOptions.DefaultEpochs(10_000));
        Assert.AreEqual(200, UmapOptions.DefaultEpochs(10_001));
    }

    [TestMethod]
    public void BadInputIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new Umap().Fit(new float[3], 3));
        Assert.ThrowsExactly<ArgumentException>(() => new Umap().Fit(new float[7], 3));
        var withNaN = new float[30];
        withNaN[13] = float.NaN;
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Umap().Fit(withNaN, 3));
        StringAssert.Contains(error.Message, "row 4");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { Neighbors = 1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { MinDist = 2, Spread = 1 }));
    }

    [TestMethod]
    public void EpochsPerSampleFollowTheWeights()
    {
        // The heaviest edge every epoch, an edge of a quarter of its weight every 4 epochs, weight 0 never.
        CollectionAssert.AreEqual(new[] { 1.0, 4.0, -1.0 }, LayoutOptimizer.EpochsPerSample([2.0, 0.5, 0.0], 200));
    }
}
