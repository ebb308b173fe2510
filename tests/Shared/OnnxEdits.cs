using Google.Protobuf;
using Onnx;

namespace RedDino.Tests.Shared;

/// <summary>ONNX files made by the tests themselves (OnnxSharp's protobuf classes): a fixture model with edited
/// metadata or a fixed batch axis, and a tiny backbone whose embedding is NaN for dark images.</summary>
internal static class OnnxEdits
{
    /// <summary>A copy of <paramref name="source"/> with metadata_props set (a null value removes the key).</summary>
    public static string WithMetadata(string source, string folder, params (string Key, string? Value)[] edits)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        foreach (var (key, value) in edits)
        {
            var existing = model.MetadataProps.FirstOrDefault(p => p.Key == key);
            if (existing is not null) model.MetadataProps.Remove(existing);
            if (value is not null) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return Save(model, folder, "edited.onnx");
    }

    /// <summary>A copy of <paramref name="source"/> whose input and outputs fix the batch axis at <paramref name="batch"/>.</summary>
    public static string WithStaticBatch(string source, string folder, int batch)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        foreach (var value in model.Graph.Input.Concat(model.Graph.Output))
            value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = batch };
        return Save(model, folder, $"batch{batch}.onnx");
    }

    /// <summary>A backbone of the contract ([B, 3, S, S] -> [B, 3], metadata with pixel scale 255, mean 0.5, std 1)
    /// whose embedding is sqrt(mean of each channel): NaN for a channel darker than mid-grey.</summary>
    public static string SqrtOfChannelMeans(string folder, int imageSize = 8)
    {
        var graph = new GraphProto { Name = "sqrt_of_means" };
        graph.Input.Add(Value("pixel_values", null, 3, imageSize, imageSize));
        graph.Output.Add(Value("embedding", null, 3));
        var mean = new NodeProto { OpType = "ReduceMean", Name = "mean" };
        mean.Input.Add("pixel_values");
        mean.Output.Add("means");
        mean.Attribute.Add(new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 3 } });
        mean.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        var sqrt = new NodeProto { OpType = "Sqrt", Name = "sqrt" };
        sqrt.Input.Add("means");
        sqrt.Output.Add("embedding");
        graph.Node.Add(mean);
        graph.Node.Add(sqrt);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "RedDino tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        foreach (var (key, value) in new[] { ("reddino.format_version", "1"), ("reddino.embed_dim", "3"), ("reddino.image_size", $"{imageSize}"),
                     ("reddino.pixel_scale", "255"), ("reddino.mean", "0.5,0.5,0.5"), ("reddino.std", "1,1,1") })
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return Save(model, folder, "sqrt_of_means.onnx");
    }

    private static ValueInfoProto Value(string name, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static string Save(ModelProto model, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
