using Google.Protobuf;
using Onnx;

namespace RedDino.Formats.Onnx;

/// <summary>
/// Small helper over the ONNX protobuf classes (OnnxSharp): adds nodes with generated output names and
/// keeps large float initializers aside (<see cref="LargeInitializers"/>), so that
/// <see cref="OnnxFileWriter"/> can stream them instead of holding them all in protobuf messages.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private int counter;

    public GraphProto Graph { get; } = new();

    /// <summary>Float initializers written one at a time by <see cref="OnnxFileWriter"/>.</summary>
    public List<StreamedInitializer> LargeInitializers { get; } = [];

    /// <summary>Adds a float32 weight; <paramref name="data"/> is called once, while writing the file.</summary>
    public string Weight(string name, long[] dims, Func<float[]> data)
    {
        LargeInitializers.Add(new StreamedInitializer(name, dims, data));
        return name;
    }

    /// <summary>A small int64 constant (shapes, axes, indices); a scalar when <paramref name="scalar"/>.</summary>
    public string Int64s(string name, long[] values, bool scalar = false)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar)
            t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        Graph.Initializer.Add(t);
        return name;
    }

    /// <summary>A float32 scalar constant.</summary>
    public string FloatScalar(string name, float value)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.FloatData.Add(value);
        Graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node and returns its (first) output name.</summary>
    public string Node(string opType, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{counter}" };
        node.Input.AddRange(inputs);
        output ??= $"{opType.ToLowerInvariant()}_{counter}";
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        counter++;
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A float32 graph input or output; a null dimension is the dynamic "batch" axis.</summary>
    public static ValueInfoProto FloatValue(string name, params long?[] dims)
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
}

/// <summary>A float32 initializer whose data is produced only when the file is written.</summary>
internal sealed record StreamedInitializer(string Name, long[] Dims, Func<float[]> Data)
{
    public long ByteCount => Dims.Aggregate(4L, (n, d) => n * d);

    /// <summary>The TensorProto without its raw data (name, dims, type).</summary>
    public TensorProto Header()
    {
        var t = new TensorProto { Name = Name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(Dims);
        return t;
    }

    /// <summary>Serialized size of the complete TensorProto, computed without the data.</summary>
    public long SerializedSize => Header().CalculateSize() + CodedOutputStream.ComputeTagSize(TensorProto.RawDataFieldNumber)
        + CodedOutputStream.ComputeLengthSize((int)ByteCount) + ByteCount;
}
