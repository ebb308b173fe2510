using System.Buffers.Binary;
using System.Text;
using RedDino.Formats.Safetensors;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Safetensors;

/// <summary>The safetensors reader on files written here byte by byte from the format's definition
/// (u64 header length, JSON header, little-endian data), including the dtype widening.</summary>
[TestClass]
public sealed class SafetensorsFileTests
{
    private static string Write(string header, byte[] data)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("safetensors"), "t.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Delete(string path) => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

    [TestMethod]
    public void FloatDtypesAreReadAsFloat32()
    {
        // F32 [2] = 1.5, -2; F16 [2] = 0.5 (0x3800), 65504 (0x7BFF); BF16 [1] = -3 (0xC040); F64 [1] = 0.1.
        var data = new byte[8 + 4 + 2 + 8];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(0), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -2f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(8), 0x3800);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), 0x7BFF);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), 0xC040);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(14), 0.1);
        var path = Write("""
            {"__metadata__": {"format": "pt"}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "h": {"dtype": "F16", "shape": [1, 2], "data_offsets": [8, 12]}, "b": {"dtype": "BF16", "shape": [], "data_offsets": [12, 14]},
             "d": {"dtype": "F64", "shape": [1], "data_offsets": [14, 22]}}
            """, data);
        try
        {
            var file = SafetensorsFile.Open(path);
            CollectionAssert.AreEqual(new[] { "a", "h", "b", "d" }, file.Tensors.Select(t => t.Name).ToArray());
            Assert.AreEqual("pt", file.Metadata["format"]);
            var all = file.ReadAllFloat32();
            CollectionAssert.AreEqual(new[] { 1.5f, -2f }, all["a"].Values);
            CollectionAssert.AreEqual(new[] { 0.5f, 65504f }, all["h"].Values);
            CollectionAssert.AreEqual(new long[] { 1, 2 }, all["h"].Shape);
            CollectionAssert.AreEqual(new[] { -3f }, all["b"].Values);
            CollectionAssert.AreEqual(new[] { 0.1f }, all["d"].Values);
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    [DataRow("""{"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}""", "truncated: tensor 'a' ends at byte 16")]
    [DataRow("""{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}""", "tensor 'a' spans 8 bytes but its shape and dtype need 12")]
    [DataRow("""{"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}""", "tensor 'a' has unsupported dtype 'C64'")]
    [DataRow("""{"a": {"shape": [2], "data_offsets": [0, 8]}}""", "entry 'a' lacks dtype/shape/data_offsets")]
    [DataRow("""{"a": """, "header is not valid JSON")]
    public void BadHeadersNameTheFileAndTheTensor(string header, string expected)
    {
        var path = Write(header, new byte[8]);
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => SafetensorsFile.Open(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, expected);
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void IntegerTensorsAreRefusedAsWeights()
    {
        var path = Write("""{"n": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}""", new byte[8]);
        try
        {
            var file = SafetensorsFile.Open(path);
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => file.ReadFloat32(file.Tensors[0])).Message,
                "tensor 'n' has dtype Int64, expected floating point");
        }
        finally
        {
            Delete(path);
        }
    }
}
