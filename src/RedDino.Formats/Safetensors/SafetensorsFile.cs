using System.Buffers.Binary;
using System.Text.Json;

namespace RedDino.Formats.Safetensors;

/// <summary>
/// Reads a Hugging Face safetensors file without LibTorch: u64 little-endian header length, a JSON
/// object {name: {dtype, shape, data_offsets: [begin, end]}} (optionally "__metadata__"), then the data.
/// <see cref="Open"/> checks every tensor's byte range against its dtype, shape and the file's length
/// before anything is read, so a truncated or corrupt file fails with a message that names the file and
/// the tensor instead of a short read. Floating tensors (F64, F32, F16, BF16) are read as float32.
/// </summary>
public sealed class SafetensorsFile
{
    private static readonly Dictionary<string, (int Size, string Name)> DTypes = new()
    {
        ["F64"] = (8, "Float64"), ["F32"] = (4, "Float32"), ["F16"] = (2, "Float16"), ["BF16"] = (2, "BFloat16"),
        ["I64"] = (8, "Int64"), ["I32"] = (4, "Int32"), ["I16"] = (2, "Int16"), ["I8"] = (1, "Int8"),
        ["U8"] = (1, "Byte"), ["BOOL"] = (1, "Bool"),
    };

    private readonly long _dataStart;

    private SafetensorsFile(string path, long dataStart, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        FilePath = path;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The header's "__metadata__" strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when the first bytes look like a safetensors header (a length that fits, then '{').</summary>
    public static bool LooksLikeSafetensors(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head[..8]) is var n && n >= 2 && (long)n <= fileLength - 8 && head[8] == (byte)'{';

    /// <summary>Reads and validates the header.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a valid safetensors file (names the file and the tensor).</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"safetensors file not found: {path}", path);
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidDataException($"{path}: too short for a safetensors file");
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        var dataLength = stream.Length - 8 - headerLength;
        if (headerLength > int.MaxValue || dataLength < 0)
            throw new InvalidDataException($"{path}: safetensors header claims {headerLength} bytes but the file has {stream.Length} (truncated or not safetensors)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: safetensors header is not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: safetensors header is not a JSON object");
            var tensors = new List<SafetensorsTensor>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                        foreach (var item in entry.Value.EnumerateObject())
                            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
                    continue;
                }
                tensors.Add(ParseEntry(path, entry, dataLength));
            }
            return new SafetensorsFile(path, 8 + headerLength, tensors, metadata);
        }
    }

    /// <summary>The values of a floating-point tensor as float32, row-major (F16, BF16 and F64 are converted).</summary>
    /// <exception cref="InvalidDataException">The tensor is not floating point (names the tensor and its dtype).</exception>
    public float[] ReadFloat32(SafetensorsTensor tensor)
    {
        if (!tensor.IsFloatingPoint)
            throw new InvalidDataException($"{FilePath}: tensor '{tensor.Name}' has dtype {DTypes[tensor.DType].Name}, expected floating point");
        var bytes = new byte[tensor.ByteCount];
        using (var handle = File.OpenHandle(FilePath))
            if (RandomAccess.Read(handle, bytes, _dataStart + tensor.Begin) != bytes.Length)
                throw new InvalidDataException($"{FilePath}: truncated while reading tensor '{tensor.Name}'");
        var count = checked((int)tensor.ElementCount);
        var values = new float[count];
        switch (tensor.DType)
        {
            case "F32":
                for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
                break;
            case "F16":
                for (var i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(2 * i));
                break;
            case "BF16":
                // bfloat16 is the upper half of a float32: widening is exact.
                for (var i = 0; i < count; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i)) << 16);
                break;
            default: // F64, rounded to nearest as PyTorch's .float() does
                for (var i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 * i));
                break;
        }
        return values;
    }

    /// <summary>Every tensor as float32 by name, in header order.</summary>
    /// <exception cref="InvalidDataException">A tensor is not floating point.</exception>
    public Dictionary<string, (long[] Shape, float[] Values)> ReadAllFloat32()
    {
        var result = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        foreach (var tensor in Tensors)
            result[tensor.Name] = (tensor.Shape, ReadFloat32(tensor));
        return result;
    }

    private static SafetensorsTensor ParseEntry(string path, JsonProperty entry, long dataLength)
    {
        try
        {
            var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
            if (!DTypes.TryGetValue(dtype, out var type))
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' has unsupported dtype '{dtype}'");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0))
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' has a negative dimension");
            var elements = shape.Aggregate(1L, (n, d) => n * d);
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' has bad data_offsets");
            if (offsets[1] - offsets[0] != elements * type.Size)
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' spans {offsets[1] - offsets[0]} bytes but its shape and dtype need {elements * type.Size}");
            if (offsets[1] > dataLength)
                throw new InvalidDataException($"{path}: truncated: tensor '{entry.Name}' ends at byte {offsets[1]} of the data but the file holds only {dataLength} data bytes");
            return new SafetensorsTensor(entry.Name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: safetensors entry '{entry.Name}' lacks dtype/shape/data_offsets ({e.Message})", e);
        }
    }
}

/// <summary>One tensor of a safetensors header.</summary>
/// <param name="Name">Key in the file.</param>
/// <param name="DType">safetensors dtype code: F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Begin">First byte, relative to the data section.</param>
/// <param name="End">One past the last byte, relative to the data section.</param>
public sealed record SafetensorsTensor(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Bytes of the tensor's data.</summary>
    public long ByteCount => End - Begin;

    /// <summary>Number of values (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>True for F64, F32, F16 and BF16.</summary>
    public bool IsFloatingPoint => DType is "F64" or "F32" or "F16" or "BF16";
}
