using System.Text.Json;

namespace RedDino.Backbone.Import;

/// <summary>
/// Checks a safetensors file's header against its length before the tensors are read, so that a
/// truncated or corrupt file fails with a message instead of a short read: u64 little-endian header
/// length, a JSON object {name: {dtype, shape, data_offsets: [begin, end]}} (optionally
/// "__metadata__"), then the data; every tensor's byte range must match its dtype and shape and lie
/// inside the data.
/// </summary>
internal static class SafetensorsHeader
{
    private static readonly Dictionary<string, int> ElementSizes = new()
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1,
    };

    /// <summary>True when the first bytes look like a safetensors header (length that fits, then '{').</summary>
    public static bool LooksLikeSafetensors(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && BitConverter.ToUInt64(head[..8]) is var n && n >= 2 && (long)n <= fileLength - 8 && head[8] == (byte)'{';

    /// <summary>Validates the header; throws <see cref="InvalidDataException"/> naming the file and key.</summary>
    public static void Validate(string path)
    {
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = (long)BitConverter.ToUInt64(lengthBytes);
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
            foreach (var entry in doc.RootElement.EnumerateObject())
                if (entry.Name != "__metadata__")
                    ValidateEntry(path, entry, dataLength);
        }
    }

    private static void ValidateEntry(string path, JsonProperty entry, long dataLength)
    {
        try
        {
            var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
            if (!ElementSizes.TryGetValue(dtype, out var elementSize))
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' has unsupported dtype '{dtype}'");
            var elements = entry.Value.GetProperty("shape").EnumerateArray().Aggregate(1L, (n, d) => n * d.GetInt64());
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' has bad data_offsets");
            if (offsets[1] - offsets[0] != elements * elementSize)
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' spans {offsets[1] - offsets[0]} bytes but its shape and dtype need {elements * elementSize}");
            if (offsets[1] > dataLength)
                throw new InvalidDataException($"{path}: truncated: tensor '{entry.Name}' ends at byte {offsets[1]} of the data but the file holds only {dataLength} data bytes");
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: safetensors entry '{entry.Name}' lacks dtype/shape/data_offsets ({e.Message})", e);
        }
    }
}
