using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Every reddino.* metadata value is checked against its range before it is used (an image size of
/// 100000 would ask for 120 GB per image); errors name the file and the key. A newer format is refused.</summary>
[TestClass]
public sealed class ModelMetadataCheckTests
{
    [TestMethod]
    [DataRow("reddino.image_size", "100000", "metadata 'reddino.image_size' must be an integer from 1 to 4096, found '100000'")]
    [DataRow("reddino.image_size", "-3", "'reddino.image_size' must be an integer from 1 to 4096")]
    [DataRow("reddino.embed_dim", "32.5", "'reddino.embed_dim' must be an integer from 1 to 65536")]
    [DataRow("reddino.patch_size", "x", "'reddino.patch_size' must be an integer from 1 to 42")]
    [DataRow("reddino.pixel_scale", "inf", "metadata 'reddino.pixel_scale': 'inf' is not a finite number")]
    [DataRow("reddino.mean", "0.5,nan,0.5", "metadata 'reddino.mean': 'nan' is not a finite number")]
    [DataRow("reddino.std", "1,1,0", "std must be three positive numbers")]
    [DataRow("reddino.format_version", "2", "metadata 'reddino.format_version' is 2, newer than this reader's 1")]
    [DataRow("reddino.format_version", "one", "'reddino.format_version' must be an integer")]
    public void AValueOutsideItsRangeNamesTheFileAndTheKey(string key, string value, string expected)
    {
        using var scratch = new ScratchFolder();
        var model = OnnxEdits.WithMetadata(TinyBackbone.Model, scratch.Path, (key, value));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => RedDinoModelInfo.Read(model));
        StringAssert.StartsWith(error.Message, model);
        StringAssert.Contains(error.Message, expected);
        Assert.ThrowsExactly<InvalidDataException>(() => new EmbeddingEngine(model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu }));
    }

    [TestMethod]
    public void TheFixtureWithItsOwnMetadataIsAccepted()
    {
        var model = RedDinoModelInfo.Read(TinyBackbone.Model);
        Assert.AreEqual(TinyBackbone.ImageSize, model.Preprocessing.ImageSize);
        Assert.IsNull(model.StaticBatchSize);
    }
}
