using RedDino.Cli.Bench;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Bench;

[TestClass]
public sealed class BenchPipelineReaderTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("pipeline"), "p.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Valid = """
        {"kind": "bench", "name": "t", "dataset": "data/m.csv",
         "backbones": [{"name": "a", "builtin": "resnet18-imagenet"}, {"name": "b", "model": "/models/b.onnx"}, {"name": "c", "checkpoint": "c.safetensors", "arch": "vits14"}],
         "protocol": {"type": "kfold", "folds": 3}, "classifiers": ["linear_probe", "knn_1", "knn_20"]}
        """;

    [TestMethod]
    public void CommittedPipelinesAreValid()
    {
        foreach (var name in new[] { "sample", "chula-5fold", "dse-5fold", "elsafty-loso" })
        {
            var pipeline = BenchPipelineReader.Read(Path.Combine(RepoPaths.Root, "pipelines", name + ".json"));
            Assert.AreEqual(name, pipeline.Name);
            CollectionAssert.AreEqual(new[] { "linear_probe", "knn_1", "knn_20" }, pipeline.Classifiers.ToArray());
        }
        var sample = BenchPipelineReader.Read(Path.Combine(RepoPaths.Root, "pipelines", "sample.json"));
        Assert.AreEqual(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"), sample.Dataset.Manifest);
        Assert.AreEqual(new BenchProtocol("kfold", 5, null), sample.Protocol);
        Assert.AreEqual("loso", BenchPipelineReader.Read(Path.Combine(RepoPaths.Root, "pipelines", "elsafty-loso.json")).Protocol.Type);
    }

    [TestMethod]
    public void RelativePathsResolveAgainstThePipelineFolder()
    {
        var path = Write(Valid);
        var folder = Path.GetDirectoryName(path)!;
        var pipeline = BenchPipelineReader.Read(path);
        Assert.AreEqual(Path.Combine(folder, "data", "m.csv"), pipeline.Dataset.Manifest);
        Assert.AreEqual(new BenchBackbone("a", BackboneKind.Builtin, "resnet18-imagenet"), pipeline.Backbones[0]);
        Assert.AreEqual("/models/b.onnx", pipeline.Backbones[1].Value);
        Assert.AreEqual(new BenchBackbone("c", BackboneKind.Checkpoint, Path.Combine(folder, "c.safetensors"), "vits14"), pipeline.Backbones[2]);
        Assert.AreEqual(3, pipeline.Protocol.Folds);
    }

    [TestMethod]
    [DataRow("\"name\": \"t\",", "\"name\": \"t\", \"colour\": 1,", "'colour': unknown field")]
    [DataRow("{\"name\": \"b\", \"model\"", "{\"name\": \"b\", \"onnx\"", "'backbones[1].onnx': unknown field")]
    [DataRow("\"builtin\": \"resnet18-imagenet\"", "\"builtin\": \"resnet50\"", "'backbones[0].builtin': unknown built-in backbone 'resnet50'")]
    [DataRow("{\"name\": \"a\", \"builtin\": \"resnet18-imagenet\"}", "{\"name\": \"a\"}", "'backbones[0]': give exactly one of model")]
    [DataRow("\"knn_20\"", "\"svm\"", "'classifiers[2]': unknown classifier 'svm'")]
    [DataRow("\"type\": \"kfold\", \"folds\": 3", "\"type\": \"holdout\"", "'protocol.type': unknown protocol 'holdout'")]
    [DataRow("\"folds\": 3", "\"folds\": \"3\"", "'protocol.folds': must be an integer")]
    [DataRow("\"kind\": \"bench\",", "\"kind\": \"pretrain\",", "'kind': must be \"bench\"")]
    [DataRow("\"dataset\": \"data/m.csv\",", "\"dataset\": {\"builder\": \"imagenet\", \"root\": \"x\"},", "'dataset.builder': unknown builder 'imagenet'")]
    [DataRow("\"dataset\": \"data/m.csv\",", "\"dataset\": {\"builder\": \"chula\", \"root\": \"x\", \"source_regex\": \"y\"},", "'dataset.source_regex': unknown field")]
    [DataRow("\"dataset\": \"data/m.csv\",", "", "'dataset': missing (required)")]
    [DataRow("\"name\": \"c\", \"checkpoint\": \"c.safetensors\", \"arch\": \"vits14\"", "\"name\": \"a\", \"model\": \"x.onnx\"", "'backbones': the name 'a' is used twice")]
    public void BadPipelinesNameTheField(string replace, string with, string expected)
    {
        Assert.Contains(replace, Valid, "the test's replacement must apply");
        var path = Write(Valid.Replace(replace, with));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => BenchPipelineReader.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void DefaultsComeFromTheLibraryAndSetOverridesThem()
    {
        var minimal = Write("""{"kind": "bench", "name": "m", "dataset": "m.csv", "backbones": [{"name": "a", "builtin": "resnet18-imagenet"}]}""");
        var defaults = BenchPipelineReader.Read(minimal);
        var library = new RedDino.MLNet.Evaluation.EvaluationOptions();
        Assert.AreEqual(new BenchProtocol("kfold", RedDino.MLNet.Evaluation.EvaluationDefaults.Folds, null), defaults.Protocol);
        CollectionAssert.AreEqual(RedDino.MLNet.Evaluation.EvaluationDefaults.Classifiers.ToArray(), defaults.Classifiers.ToArray());
        Assert.AreEqual(RedDino.MLNet.Embeddings.RedDinoEmbeddingDefaults.BatchSize, defaults.Embedding.BatchSize);
        Assert.AreEqual(RedDino.MLNet.Embeddings.RedDinoEmbeddingDefaults.CommandLineCacheFolder, defaults.Embedding.CacheFolder);
        Assert.AreEqual(library.LinearProbe.L2Numerator, defaults.Evaluation.LinearProbe.L2Numerator);
        Assert.AreEqual(library.CenterLinearProbeFeatures, defaults.Evaluation.CenterLinearProbeFeatures);

        var set = BenchPipelineReader.Read(minimal, ["protocol.type=loso", "classifiers=[\"knn_3\"]", "embedding.batch_size=8",
            "evaluation.knn.distance=cosine", "evaluation.center_linear_probe_features=false", "output=out"]);
        Assert.AreEqual(new BenchProtocol("loso", null, "source"), set.Protocol);
        Assert.AreEqual("loso", set.Evaluation.Protocol.Name);
        CollectionAssert.AreEqual(new[] { "knn_3" }, set.Classifiers.ToArray());
        Assert.AreEqual("knn_3", set.Evaluation.Classifiers.Single().Name);
        Assert.AreEqual(8, set.Embedding.BatchSize);
        Assert.AreEqual(RedDino.MLNet.Classifiers.KnnDistance.Cosine, set.Evaluation.KNearestNeighbors.Distance);
        Assert.IsFalse(set.Evaluation.CenterLinearProbeFeatures);
        Assert.AreEqual(Path.GetFullPath("out"), set.Output, "a --set path resolves against the current folder");
        Assert.AreEqual(8, set.Settings["embedding"]!["batch_size"]!.GetValue<int>(), "the merged settings keep every value");
    }

    [TestMethod]
    [DataRow("embedding.batchsize=8", "'embedding.batchsize': unknown field")]
    [DataRow("embedding.batch_size=0", "'embedding'")]
    [DataRow("embedding.device=tpu", "'embedding.device': unknown value 'tpu'")]
    [DataRow("protocol.folds=1", "'protocol.folds': needs at least 2 folds")]
    public void BadSetValuesNameTheKey(string assignment, string expected)
    {
        var path = Write(Valid);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => BenchPipelineReader.Read(path, [assignment])).Message, expected);
    }

    [TestMethod]
    public void BrokenJsonAndMissingFileAreClearErrors()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => BenchPipelineReader.Read(Write("{\"kind\": ")));
        StringAssert.Contains(e.Message, "not valid JSON");
        Assert.ThrowsExactly<FileNotFoundException>(() => BenchPipelineReader.Read(Path.Combine(RepoPaths.NewTempFolder(), "none.json")));
    }
}
