using Onnx;
using static RedDino.Formats.Onnx.Precision.ElementTypes;

namespace RedDino.Formats.Onnx.Precision;

/// <summary>
/// Dynamic int8 quantization of the MatMul and Gemm nodes whose weight is a 2-D float32 initializer, in the
/// form ONNX Runtime's CPU provider runs on its integer GEMM (u8 x s8, AVX-512 VNNI where the CPU has it):
/// each becomes one <c>com.microsoft.DynamicQuantizeMatMul(A, B_int8 [K, N], b_scale [N], , bias [N])</c>,
/// the node ONNX Runtime's own dynamic quantization (DynamicQuantizeLinear + MatMulInteger + Cast + Mul)
/// is fused into. The weight is symmetric int8 per output column (scale = max|w| / 127, zero point 0); the
/// activation A is quantized to uint8 per tensor at run time (scale = (max(A, 0) - min(A, 0)) / 255). A
/// following Add of a [N] bias, and Gemm's C, go into the node's bias input. Everything else (attention's
/// activation-by-activation MatMuls, convolutions, normalisations) stays float32.
/// </summary>
internal static class Int8MatMulQuantizer
{
    /// <summary>Domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    private const string QuantizedOp = "DynamicQuantizeMatMul";

    /// <summary>Rewrites the graph in place; returns how many MatMul/Gemm nodes were quantized.</summary>
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var quantizedWeights = new Dictionary<(string Name, bool Transposed), QuantizedWeight>();
        var fusedAdds = new HashSet<NodeProto>();
        var nodes = new List<NodeProto>();
        var count = 0;

        foreach (var node in graph.Node)
        {
            if (fusedAdds.Contains(node)) continue;
            if (Plan(node, initializers) is not { } plan)
            {
                nodes.Add(node);
                continue;
            }
            var key = (plan.Weight.Name, plan.Transposed);
            if (!quantizedWeights.TryGetValue(key, out var quantized))
                quantizedWeights[key] = quantized = QuantizeWeight(graph, plan.Weight, plan.Transposed);

            var output = node.Output[0];
            var bias = plan.Bias is { } c ? Scaled(graph, c, plan.Beta, quantized.N) : "";
            // MatMul -> Add(bias [N]): the Add goes into the node (its output name is kept).
            if (node.OpType == "MatMul" && !graphOutputs.Contains(output) && consumers[output].ToList() is [{ OpType: "Add" } add]
                && add.Input.FirstOrDefault(i => i != output) is { } other && initializers.TryGetValue(other, out var addend)
                && IsVector(addend, quantized.N))
            {
                bias = Scaled(graph, addend, 1f, quantized.N);
                output = add.Output[0];
                fusedAdds.Add(add);
            }
            var scale = plan.Alpha == 1f ? quantized.Scale : Scaled(graph, graph.Initializer.Single(t => t.Name == quantized.Scale), plan.Alpha, quantized.N);
            var replacement = new NodeProto { OpType = QuantizedOp, Domain = MicrosoftDomain, Name = $"{node.Name}_int8" };
            replacement.Input.AddRange([node.Input[0], quantized.Weight, scale, "", bias]);
            replacement.Output.Add(output);
            nodes.Add(replacement);
            count++;
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        if (count > 0 && model.OpsetImport.All(o => o.Domain != MicrosoftDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        return count;
    }

    /// <summary>What to quantize in a node: its weight initializer, whether it is stored [N, K], Gemm's C, alpha and beta.</summary>
    private sealed record QuantizationPlan(TensorProto Weight, bool Transposed, TensorProto? Bias, float Alpha, float Beta);

    private static QuantizationPlan? Plan(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        if (node.Domain is not ("" or "ai.onnx") || node.Input.Count < 2
            || !initializers.TryGetValue(node.Input[1], out var weight) || weight.DataType != (int)TensorProto.Types.DataType.Float || weight.Dims.Count != 2)
            return null;
        if (node.OpType == "MatMul")
            return new QuantizationPlan(weight, false, null, 1f, 1f);
        if (node.OpType != "Gemm" || (Attribute(node, "transA")?.I ?? 0) != 0)
            return null;
        var transposed = (Attribute(node, "transB")?.I ?? 0) != 0;
        var n = weight.Dims[transposed ? 0 : 1];
        TensorProto? bias = null;
        if (node.Input.Count > 2 && node.Input[2].Length > 0)
        {
            // Only a per-column bias fits the node's bias input; a full [M, N] C keeps the Gemm as it is.
            if (!initializers.TryGetValue(node.Input[2], out bias) || !IsVector(bias, n)) return null;
        }
        return new QuantizationPlan(weight, transposed, bias, Attribute(node, "alpha")?.F ?? 1f, Attribute(node, "beta")?.F ?? 1f);
    }

    /// <summary>The initializers of a quantized weight: int8 [K, N] and its float32 scales [N].</summary>
    private sealed record QuantizedWeight(string Weight, string Scale, int N);

    // W [K, N] (or [N, K] when transposed) -> int8 [K, N] and float32 scales [N]: q = round(w / s_n), s_n = max_k |w[k, n]| / 127.
    private static QuantizedWeight QuantizeWeight(GraphProto graph, TensorProto weight, bool transposed)
    {
        var values = TensorValues.Floats(weight);
        int rows = (int)weight.Dims[0], cols = (int)weight.Dims[1];
        var (k, n) = transposed ? (cols, rows) : (rows, cols);
        float At(int ki, int ni) => transposed ? values[(long)ni * cols + ki] : values[(long)ki * cols + ni];
        var scales = new float[n];
        for (var ni = 0; ni < n; ni++)
        {
            var max = 0f;
            for (var ki = 0; ki < k; ki++) max = Math.Max(max, Math.Abs(At(ki, ni)));
            scales[ni] = max > 0 ? max / 127f : 1f;
        }
        var quantized = new sbyte[(long)k * n];
        for (var ki = 0; ki < k; ki++)
            for (var ni = 0; ni < n; ni++)
                quantized[(long)ki * n + ni] = (sbyte)Math.Clamp(MathF.Round(At(ki, ni) / scales[ni], MidpointRounding.ToEven), -127f, 127f);
        var name = transposed ? $"{weight.Name}_t" : weight.Name;
        graph.Initializer.Add(TensorValues.Int8($"{name}_int8", [k, n], quantized));
        graph.Initializer.Add(TensorValues.Float32($"{name}_scale", [n], scales));
        return new QuantizedWeight($"{name}_int8", $"{name}_scale", n);
    }

    // A [N] copy of a per-column tensor multiplied by `factor` (Gemm's alpha on the scales, beta on C); the tensor itself when factor is 1 and it is already [N].
    private static string Scaled(GraphProto graph, TensorProto tensor, float factor, int n)
    {
        if (factor == 1f && tensor.Dims.Count == 1) return tensor.Name;
        var values = TensorValues.Floats(tensor).Select(v => v * factor).ToArray();
        var name = $"{tensor.Name}_x{factor.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
        if (graph.Initializer.All(t => t.Name != name)) graph.Initializer.Add(TensorValues.Float32(name, [n], values));
        return name;
    }

    // [N], or [1, ..., 1, N]: a bias that broadcasts along the last axis only.
    private static bool IsVector(TensorProto tensor, long n) =>
        tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count >= 1 && tensor.Dims[^1] == n && TensorValues.Count(tensor) == n;
}
