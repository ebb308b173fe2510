using Google.Protobuf;
using Onnx;
using RedDino.Formats.IO;
using RedDino.Formats.Onnx;

namespace RedDino.Formats.Builtin;

/// <summary>Turns the ImageNet ResNet-18 shipped in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 into one backbone of the project's ONNX contract.
/// The package holds two CNTK graphs (opset 8, batch fixed at 1):
/// <list type="bullet">
/// <item>ResNetPreprocess.onnx: OriginalInput [1,3,224,224] (RGB planes, 0-255) -> Split -> Concat as
/// B,G,R -> Sub MeanImage (a full [1,3,224,224] mean image, not per-channel) -> PreprocessedInput;</item>
/// <item>ResNet18.onnx: Input247 [1,3,224,224] -> 17 conv layers -> AveragePool -> Pooling395_Output_0 [1,512,1,1].</item>
/// </list>
/// The result chains them: pixel_values [batch,3,224,224] (RGB, 0-255) -> preprocessing -> ResNet-18
/// -> Flatten -> embedding [batch,512]. The batch axis becomes symbolic; no Reshape pins it (Sub
/// broadcasts the [1,...] mean image over the batch), and the CNTK value_info shapes, which say
/// batch 1, are dropped. Metadata pixel_scale 1, mean 0, std 1: the uint8 RGB values go in unchanged,
/// exactly what ML.NET's ExtractPixels (default settings) feeds DnnFeaturizeImage.</summary>
public static class ResNet18ImageNetConverter
{
    /// <summary>Name of the built-in backbone (also its reddino.arch).</summary>
    public const string Name = "resnet18-imagenet";

    /// <summary>Input side S of the graph.</summary>
    public const int ImageSize = 224;

    /// <summary>Embedding dimension (channels of the last pooling).</summary>
    public const int EmbedDim = 512;

    // Tensor names inside the package's graphs.
    private const string PreprocessInput = "OriginalInput";
    private const string PreprocessOutput = "PreprocessedInput";
    private const string NetworkInput = "Input247";
    private const string NetworkOutput = "Pooling395_Output_0";

    /// <summary>Folder (relative to the application) where the package's build props copy the graphs.</summary>
    public const string PackageModelsFolder = "DnnImageModels";

    /// <summary>The two graphs next to the running application (the package copies them there).</summary>
    public static (string Preprocess, string Network) PackagedGraphs(string? modelsFolder = null)
    {
        modelsFolder ??= Path.Combine(AppContext.BaseDirectory, PackageModelsFolder);
        var preprocess = Path.Combine(modelsFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        var network = Path.Combine(modelsFolder, "ResNet18Onnx", "ResNet18.onnx");
        foreach (var file in new[] { preprocess, network })
            if (!File.Exists(file))
                throw new FileNotFoundException(
                    $"{file} not found: it ships in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, whose build step copies it next to the application", file);
        return (preprocess, network);
    }

    /// <summary>Converts the package's graphs and writes the contract backbone to <paramref name="outPath"/>.</summary>
    public static void Export(string outPath, string? modelsFolder = null)
    {
        var (preprocess, network) = PackagedGraphs(modelsFolder);
        var model = Convert(preprocess, network);
        AtomicFile.Write(outPath, model.WriteTo);
    }

    /// <summary>Builds the merged model from the two package graphs.</summary>
    public static ModelProto Convert(string preprocessPath, string networkPath)
    {
        var preprocess = Load(preprocessPath);
        var network = Load(networkPath);
        Require(preprocess.Graph.Input.Count == 1 && preprocess.Graph.Input[0].Name == PreprocessInput, preprocessPath, $"one input '{PreprocessInput}'");
        Require(preprocess.Graph.Output.Count == 1 && preprocess.Graph.Output[0].Name == PreprocessOutput, preprocessPath, $"one output '{PreprocessOutput}'");
        Require(network.Graph.Input.Any(i => i.Name == NetworkInput), networkPath, $"an input '{NetworkInput}'");
        Require(network.Graph.Output.Count == 1 && network.Graph.Output[0].Name == NetworkOutput, networkPath, $"one output '{NetworkOutput}'");

        var graph = new GraphProto { Name = Name, DocString = "ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 with its preprocessing merged in front" };
        graph.Input.Add(FloatTensor(BackboneContract.InputName, "batch", 3, ImageSize, ImageSize));
        foreach (var node in preprocess.Graph.Node)
            graph.Node.Add(Rewire(node, PreprocessInput, BackboneContract.InputName));
        foreach (var node in network.Graph.Node)
            graph.Node.Add(Rewire(node, NetworkInput, PreprocessOutput));
        // [batch, 512, 1, 1] -> [batch, 512]
        graph.Node.Add(new NodeProto { OpType = "Flatten", Name = "flatten_embedding", Input = { NetworkOutput }, Output = { BackboneContract.EmbeddingOutput }, Attribute = { new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 } } });
        graph.Output.Add(FloatTensor(BackboneContract.EmbeddingOutput, "batch", EmbedDim));
        graph.Initializer.AddRange(preprocess.Graph.Initializer);
        graph.Initializer.AddRange(network.Graph.Initializer);
        // IR 3 requires every initializer to be listed as a graph input too (the network graph does
        // so; the preprocessing graph leaves MeanImage out): list each one once, after pixel_values.
        var declared = network.Graph.Input.Concat(preprocess.Graph.Input).ToDictionary(i => i.Name);
        foreach (var initializer in graph.Initializer)
            graph.Input.Add(declared.TryGetValue(initializer.Name, out var input) ? input : InitializerInput(initializer));

        var model = new ModelProto
        {
            IrVersion = network.IrVersion,
            ProducerName = "RedDino.MLNet",
            ProducerVersion = typeof(ResNet18ImageNetConverter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
            DocString = "Built by `reddino export --builtin resnet18-imagenet` from Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT)",
        };
        model.OpsetImport.AddRange(network.OpsetImport);
        foreach (var (key, value) in Metadata(networkPath).ToProperties())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>The reddino.* metadata of the merged model: 0-255 RGB in, no normalisation (the graph subtracts its mean image).</summary>
    public static BackboneMetadata Metadata(string networkPath) =>
        new(Name, EmbedDim, ImageSize, FileHash.Sha256(networkPath)) { PixelScale = 1, Mean = [0, 0, 0], Std = [1, 1, 1] };

    private static ModelProto Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX graph not found: {path}", path);
        using var stream = File.OpenRead(path);
        try { return ModelProto.Parser.ParseFrom(stream); }
        catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"{path}: not an ONNX model ({e.Message})", e); }
    }

    private static void Require(bool condition, string path, string what)
    {
        if (!condition) throw new InvalidDataException($"{path}: expected {what} (the graph of Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1)");
    }

    private static NodeProto Rewire(NodeProto node, string from, string to)
    {
        var copy = node.Clone();
        for (var i = 0; i < copy.Input.Count; i++)
            if (copy.Input[i] == from) copy.Input[i] = to;
        return copy;
    }

    private static ValueInfoProto FloatTensor(string name, string batchParam, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchParam });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static ValueInfoProto InitializerInput(TensorProto tensor)
    {
        var shape = new TensorShapeProto();
        foreach (var d in tensor.Dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = tensor.Name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType, Shape = shape } },
        };
    }
}
