using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace RedDino.Formats.Onnx.Precision;

/// <summary>Reading float32 initializers and writing the float16 / int8 / float32 tensors that precision
/// conversion puts in their place (little-endian raw data, as ONNX stores it).</summary>
internal static class TensorValues
{
    /// <summary>Number of values the tensor's dims hold (1 for a scalar).</summary>
    public static long Count(TensorProto tensor) => tensor.Dims.Aggregate(1L, (n, d) => n * d);

    /// <summary>The values of a float32 tensor, from <c>raw_data</c> or <c>float_data</c>.</summary>
    /// <exception cref="InvalidDataException">Not float32, stored outside the file, or the data does not fill the dims.</exception>
    public static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float)
            throw new InvalidDataException($"initializer '{tensor.Name}' is {(DataType)tensor.DataType}, not float32");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"initializer '{tensor.Name}' is stored in an external data file, which precision conversion does not read");
        var values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : tensor.FloatData.ToArray();
        if (values.LongLength != Count(tensor))
            throw new InvalidDataException($"initializer '{tensor.Name}' holds {values.Length} values for dims [{string.Join(", ", tensor.Dims)}]");
        return values;
    }

    /// <summary>A float16 tensor of <paramref name="values"/> (IEEE round to nearest even, as numpy's astype(float16)).</summary>
    /// <exception cref="InvalidDataException">A finite value beyond float16's range (±65504), which would become infinite.</exception>
    public static TensorProto Float16(string name, IEnumerable<long> dims, ReadOnlySpan<float> values)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
            if (Half.IsInfinity(halves[i]) && float.IsFinite(values[i]))
                throw new InvalidDataException($"initializer '{name}' holds {values[i]}, beyond float16's range (±65504): it would become infinite");
        }
        return Tensor(name, DataType.Float16, dims, MemoryMarshal.AsBytes(halves.AsSpan()));
    }

    /// <summary>An int8 tensor.</summary>
    public static TensorProto Int8(string name, IEnumerable<long> dims, ReadOnlySpan<sbyte> values) =>
        Tensor(name, DataType.Int8, dims, MemoryMarshal.AsBytes(values));

    /// <summary>A float32 tensor.</summary>
    public static TensorProto Float32(string name, IEnumerable<long> dims, ReadOnlySpan<float> values) =>
        Tensor(name, DataType.Float, dims, MemoryMarshal.AsBytes(values));

    private static TensorProto Tensor(string name, DataType type, IEnumerable<long> dims, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
