using RedDino.Formats.Imaging;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data.Sources;
using RedDino.Pretraining.Eval;

namespace RedDino.Pretraining.Tests.Eval;

[TestClass]
public sealed class HeldOutImagesTests
{
    /// <summary>A source that only counts (the split never loads an image).</summary>
    private sealed class Counted(int count) : ITrainingImages
    {
        public int Count => count;
        public RgbImage Load(int index) => throw new InvalidOperationException("the split must not load images");
        public string Describe(int index) => $"item {index}";
    }

    [TestMethod]
    public void TrainingNeverSamplesAHeldOutItemAndTheSetIsFixedBySeed()
    {
        var source = new Counted(40);
        var (training, heldOut) = HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 8, RetrievalSeed = 5 });
        var train = ((ImageSubset)training).SourceIndices;
        var held = ((ImageSubset)heldOut!).SourceIndices;
        Assert.HasCount(32, train);
        Assert.HasCount(8, held);
        Assert.IsEmpty(train.Intersect(held), "disjoint");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 40).ToList(), train.Concat(held).ToList(), "together the whole source");
        CollectionAssert.AreEqual(held.Order().ToList(), held.ToList(), "ascending");
        Assert.AreEqual("item " + held[2], heldOut!.Describe(2));

        var again = ((ImageSubset)HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 8, RetrievalSeed = 5 }).HeldOut!).SourceIndices;
        CollectionAssert.AreEqual(held.ToList(), again.ToList(), "same seed, same set (every run, every resume)");
        var other = ((ImageSubset)HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 8, RetrievalSeed = 6 }).HeldOut!).SourceIndices;
        CollectionAssert.AreNotEqual(held.ToList(), other.ToList(), "another seed, another set");
    }

    [TestMethod]
    public void OffOrTooManyHeldOut()
    {
        var source = new Counted(10);
        var (training, heldOut) = HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 0 });
        Assert.AreSame(source, training);
        Assert.IsNull(heldOut);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 6 }));
        StringAssert.Contains(e.Message, "eval.retrieval_images");
        HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 5 }); // half is allowed
    }

    [TestMethod]
    public void AManifestIsAHeldOutSetOfItsOwn()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"reddino-heldout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var manifest = Path.Combine(folder, "cells.csv");
            File.WriteAllLines(manifest, ["path,label", .. Enumerable.Range(0, 6).Select(i => $"cell{i}.png,a")]);
            var source = new Counted(10);
            var (training, heldOut) = HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 4, RetrievalManifest = manifest });
            Assert.AreSame(source, training, "training keeps its whole source");
            Assert.AreEqual(4, heldOut!.Count, "at most eval.retrieval_images of the manifest's rows");
            var all = HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 50, RetrievalManifest = manifest }).HeldOut!;
            Assert.AreEqual(6, all.Count);

            var missing = Assert.ThrowsExactly<InvalidDataException>(() =>
                HeldOutImages.Split(source, new EvalConfig { RetrievalImages = 4, RetrievalManifest = Path.Combine(folder, "none.csv") }));
            StringAssert.Contains(missing.Message, "eval.retrieval_manifest");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
