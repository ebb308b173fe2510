using Google.Protobuf;
using Onnx;
using RedDino.Formats.IO;
using DataType = Onnx.TensorProto.Types.DataType;

namespace RedDino.Formats.Onnx.Precision;

/// <summary>What a precision conversion did.</summary>
/// <param name="Precision">The precision written (also in the file's <c>reddino.precision</c>).</param>
/// <param name="ConvertedNodes">int8: MatMul/Gemm nodes quantized; fp16: nodes computing in float16.</param>
/// <param name="Summary">One line for the user, e.g. "int8: 48 MatMul/Gemm quantized (per-channel int8 weights, dynamic uint8 activations)".</param>
public sealed record PrecisionConversion(ModelPrecision Precision, int ConvertedNodes, string Summary);

/// <summary>
/// Converts an fp32 ONNX backbone to fp16 or int8 by rewriting its protobuf (no Python, no LibTorch): inputs
/// and outputs stay float32, the <c>reddino.*</c> metadata is kept and <c>reddino.precision</c> records the
/// result (docs/formats/onnx-backbone.md, "Precision"). int8: <see cref="Int8MatMulQuantizer"/>; fp16:
/// <see cref="Float16Converter"/>. A model that is already fp16 or int8 is refused: quantizing twice only
/// adds error, so convert from the fp32 model.
/// </summary>
public static class OnnxPrecisionConverter
{
    // Operators of a graph that is already quantized.
    private static readonly HashSet<string> QuantizedOps = new(StringComparer.Ordinal)
    {
        "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "MatMulInteger", "ConvInteger", "QLinearMatMul", "QLinearConv",
        "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear", "QGemm", "QAttention",
    };

    /// <summary>Reads <paramref name="sourcePath"/>, converts it and writes <paramref name="outPath"/> atomically.</summary>
    /// <exception cref="FileNotFoundException">No such source file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX file, already reduced precision, or a graph the converter cannot handle (names the file and the node or weight).</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is fp32.</exception>
    public static PrecisionConversion Convert(string sourcePath, string outPath, ModelPrecision target) =>
        ConvertFile(sourcePath, outPath, target, sourcePath);

    // `label` names the model in error messages (the temporary fp32 file of WriteAt is named by its target).
    private static PrecisionConversion ConvertFile(string sourcePath, string outPath, ModelPrecision target, string label)
    {
        if (!File.Exists(sourcePath)) throw new FileNotFoundException($"ONNX model not found: {sourcePath}", sourcePath);
        ModelProto model;
        using (var stream = File.OpenRead(sourcePath))
        {
            try { model = ModelProto.Parser.ParseFrom(stream); }
            catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"{label}: not an ONNX model ({e.Message})", e); }
        }
        PrecisionConversion result;
        try { result = Convert(model, target); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{label}: {target.Name()} conversion: {e.Message}", e); }
        AtomicFile.Write(outPath, model.WriteTo);
        return result;
    }

    /// <summary>Converts <paramref name="model"/> in place.</summary>
    /// <exception cref="InvalidDataException">Already reduced precision, or a graph the converter cannot handle.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is fp32.</exception>
    public static PrecisionConversion Convert(ModelProto model, ModelPrecision target)
    {
        if (target == ModelPrecision.Fp32)
            throw new ArgumentException("the model is fp32 already: nothing to convert", nameof(target));
        var current = PrecisionOf(model);
        if (current != ModelPrecision.Fp32)
            throw new InvalidDataException($"the model is already {current.Name()} ({MetadataKeys.Precision}); convert the fp32 model instead");
        if (model.Graph.Node.FirstOrDefault(n => QuantizedOps.Contains(n.OpType)) is { } quantized)
            throw new InvalidDataException($"the model is already quantized (node '{quantized.Name}' is {quantized.OpType}); convert the fp32 model instead");
        if (model.Graph.Initializer.FirstOrDefault(t => t.DataType is (int)DataType.Float16 or (int)DataType.Bfloat16) is { } halfWeight)
            throw new InvalidDataException($"the model already holds {(DataType)halfWeight.DataType} weights ('{halfWeight.Name}'); convert the fp32 model instead");

        // IR 3 lists every initializer among the graph inputs, which makes them overridable (not constant) for ONNX
        // Runtime, and the rewritten weights would need their entries retyped: drop the entries (IR 4 allows it).
        model.Graph.RemoveInitializersFromInputs();
        model.IrVersion = Math.Max(model.IrVersion, 4);

        var count = target == ModelPrecision.Int8 ? Int8MatMulQuantizer.Apply(model) : Float16Converter.Apply(model);
        if (count == 0 && target == ModelPrecision.Int8)
            throw new InvalidDataException("no MatMul or Gemm with a constant 2-D weight to quantize; int8 leaves convolutions in float32 " +
                "(ONNX Runtime's ConvInteger was not faster than its float32 Conv on CPU), so int8 would change nothing here: use fp32 or fp16");
        RemoveUnusedInitializers(model.Graph);
        SetPrecision(model, target);
        var summary = target == ModelPrecision.Int8
            ? $"int8: {count} MatMul/Gemm quantized (int8 weights per output channel, uint8 activations quantized at run time); other operators float32"
            : $"fp16: {count} nodes in float16 ({string.Join(", ", Float16Converter.Float32Ops.Where(op => model.Graph.Node.Any(n => n.OpType == op)))} kept in float32); float32 inputs and outputs";
        return new PrecisionConversion(target, count, summary);
    }

    /// <summary>The model's <c>reddino.precision</c> (fp32 when absent).</summary>
    /// <exception cref="InvalidDataException">The key holds an unknown name.</exception>
    public static ModelPrecision PrecisionOf(ModelProto model)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == MetadataKeys.Precision);
        if (entry is null) return BackboneContract.DefaultPrecision;
        return ModelPrecisions.TryParse(entry.Value, out var precision) ? precision
            : throw new InvalidDataException($"metadata '{MetadataKeys.Precision}' is '{entry.Value}', not one of {string.Join(", ", ModelPrecisions.Names)}");
    }

    /// <summary>Writes <paramref name="outPath"/> at <paramref name="precision"/>: <paramref name="writeFp32"/> writes the fp32 model
    /// (straight to <paramref name="outPath"/> for fp32, else to a temporary file beside it that is converted and deleted).</summary>
    /// <returns>The conversion, or null for fp32.</returns>
    public static PrecisionConversion? WriteAt(string outPath, ModelPrecision precision, Action<string> writeFp32)
    {
        if (precision == ModelPrecision.Fp32)
        {
            writeFp32(outPath);
            return null;
        }
        using var fp32 = PendingFile.Start(outPath + ".fp32"); // never committed: deleted on dispose
        writeFp32(fp32.TempPath);
        return ConvertFile(fp32.TempPath, outPath, precision, outPath);
    }

    private static void SetPrecision(ModelProto model, ModelPrecision precision)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == MetadataKeys.Precision);
        if (entry is null) model.MetadataProps.Add(entry = new StringStringEntryProto { Key = MetadataKeys.Precision });
        entry.Value = precision.Name();
    }

    private static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            graph.Initializer.Remove(unused);
    }
}
