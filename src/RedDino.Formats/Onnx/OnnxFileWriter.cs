using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using RedDino.Formats.IO;

namespace RedDino.Formats.Onnx;

/// <summary>
/// Writes a ModelProto whose large initializers are streamed one at a time: protobuf lets a message's
/// fields come in any order, so the file is the model's other fields, then the graph field (tag 7)
/// with a length computed up front, holding the graph's nodes/inputs/outputs and then each
/// initializer (tag 5) serialized as it is produced. Peak memory is one weight, not the whole model
/// (a ViT-L is about 1.2 GB). Protobuf's 2 GB message limit still applies and is checked.
/// </summary>
internal static class OnnxFileWriter
{
    public static long Write(string path, ModelProto model, IReadOnlyList<StreamedInitializer> initializers)
    {
        var graph = model.Graph;
        var rest = model.Clone();
        rest.Graph = null;

        long graphSize = graph.CalculateSize();
        foreach (var init in initializers)
            graphSize += CodedOutputStream.ComputeTagSize(GraphProto.InitializerFieldNumber)
                + CodedOutputStream.ComputeLengthSize(checked((int)init.SerializedSize)) + init.SerializedSize;
        var total = rest.CalculateSize() + CodedOutputStream.ComputeTagSize(ModelProto.GraphFieldNumber) + 5 + graphSize;
        if (graphSize > int.MaxValue || total > int.MaxValue)
            throw new InvalidOperationException($"the ONNX model would be {total:N0} bytes, over protobuf's 2 GB limit");

        AtomicFile.Write(path, file =>
        {
            using var output = new CodedOutputStream(file, leaveOpen: true);
            rest.WriteTo(output);
            output.WriteTag(ModelProto.GraphFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteLength((int)graphSize);
            graph.WriteTo(output);
            foreach (var init in initializers)
            {
                var tensor = init.Header();
                var data = init.Data();
                if (data.LongLength * 4 != init.ByteCount)
                    throw new InvalidOperationException($"initializer {init.Name}: {data.Length} values for shape [{string.Join(", ", init.Dims)}]");
                tensor.RawData = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
                output.WriteTag(GraphProto.InitializerFieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteLength((int)init.SerializedSize);
                tensor.WriteTo(output);
            }
            output.Flush();
        });
        return new FileInfo(path).Length;
    }
}
