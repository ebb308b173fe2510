using Onnx;
using static RedDino.Formats.Onnx.Precision.ElementTypes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace RedDino.Formats.Onnx.Precision;

/// <summary>
/// float16 weights and compute with float32 graph inputs and outputs. Every standard node that reads a
/// float32 value runs in float16 (its float initializers are stored as float16, Cast/Constant/ConstantOfShape
/// attributes follow), except the operators of <see cref="Float32Ops"/>, which keep float32: LayerNorm's
/// variance, Softmax's exponentials and sums over many values overflow float16 (max 65504) or lose the
/// small differences that matter, and BatchNormalization's running variances can exceed 65504 themselves
/// (the built-in ResNet-18 holds 67,417). A Cast is inserted wherever a value crosses between the two (once per
/// value and direction), after <c>pixel_values</c> and before each float output.
/// </summary>
internal static class Float16Converter
{
    /// <summary>Operators whose float inputs and outputs stay float32.</summary>
    public static IReadOnlySet<string> Float32Ops { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "LayerNormalization", "BatchNormalization", "Softmax", "LogSoftmax", "InstanceNormalization", "GroupNormalization",
        "ReduceMean", "ReduceSum", "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceProd",
    };

    // Inputs that the operator defines as float32 whatever the data's type (Resize's roi and scales).
    private static readonly HashSet<(string Op, int Input)> Float32Inputs = [("Resize", 1), ("Resize", 2), ("Upsample", 1)];

    private const int Float = (int)DataType.Float;

    /// <summary>Rewrites the graph in place; returns how many nodes now compute in float16.</summary>
    /// <exception cref="InvalidDataException">A node outside the standard ONNX domain, a subgraph, or a weight beyond float16's range.</exception>
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        foreach (var node in graph.Node)
            if (node.Domain is not ("" or "ai.onnx"))
                throw new InvalidDataException($"node '{node.Name}' is {node.Domain}.{node.OpType}: float16 conversion handles standard ONNX operators only");
        var types = Infer(graph);
        bool IsFloat(string name) => name.Length > 0 && types.TryGetValue(name, out var t) && t == Float;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var inFloat16 = graph.Node.Select(n => !Float32Ops.Contains(n.OpType)
            && (n.Input.Any(IsFloat) || (n.OpType is "Constant" or "ConstantOfShape" && n.Output.Any(IsFloat)))).ToArray();
        bool Wants16(int node, int input) => inFloat16[node] && !Float32Inputs.Contains((graph.Node[node].OpType, input));

        var half = HalfInitializers(graph, initializers, IsFloat, Wants16);
        var isHalf = graph.Input.Where(i => IsFloat(i.Name) && !initializers.ContainsKey(i.Name)).ToDictionary(i => i.Name, _ => false, StringComparer.Ordinal);
        var casts = new Dictionary<(string Name, bool ToHalf), string>();
        var nodes = new List<NodeProto>();
        for (var n = 0; n < graph.Node.Count; n++)
        {
            var node = graph.Node[n];
            for (var i = 0; i < node.Input.Count; i++)
            {
                var name = node.Input[i];
                if (!IsFloat(name)) continue;
                var want = Wants16(n, i);
                if (initializers.ContainsKey(name))
                    node.Input[i] = want ? half[name] : name;
                else if (isHalf[name] != want)
                    node.Input[i] = CastOf(name, want, casts, nodes);
            }
            if (inFloat16[n]) RetypeAttributes(node);
            foreach (var output in node.Output.Where(IsFloat))
                isHalf[output] = inFloat16[n];
            nodes.Add(node);
        }

        // Float outputs computed in float16 go back to float32 under their own name.
        foreach (var output in graph.Output.Where(o => IsFloat(o.Name) && isHalf.GetValueOrDefault(o.Name)))
        {
            var inner = $"{output.Name}/fp16";
            foreach (var node in nodes)
            {
                for (var i = 0; i < node.Input.Count; i++) if (node.Input[i] == output.Name) node.Input[i] = inner;
                for (var i = 0; i < node.Output.Count; i++) if (node.Output[i] == output.Name) node.Output[i] = inner;
            }
            nodes.Add(CastNode(inner, output.Name, toHalf: false));
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.ValueInfo.Clear(); // intermediate types changed; ONNX Runtime infers them again
        return inFloat16.Count(c => c);
    }

    // Float initializers read in float16 get a float16 tensor: in place when nothing reads them in float32, else a copy "<name>/fp16".
    private static Dictionary<string, string> HalfInitializers(GraphProto graph, Dictionary<string, TensorProto> initializers,
        Func<string, bool> isFloat, Func<int, int, bool> wants16)
    {
        var wanted16 = new HashSet<string>(StringComparer.Ordinal);
        var wanted32 = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < graph.Node.Count; n++)
            for (var i = 0; i < graph.Node[n].Input.Count; i++)
                if (graph.Node[n].Input[i] is var name && isFloat(name) && initializers.ContainsKey(name))
                    (wants16(n, i) ? wanted16 : wanted32).Add(name);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wanted16)
        {
            var source = initializers[name];
            var keep32 = wanted32.Contains(name) || graph.Output.Any(o => o.Name == name);
            var converted = TensorValues.Float16(keep32 ? $"{name}/fp16" : name, source.Dims, TensorValues.Floats(source));
            if (keep32) graph.Initializer.Add(converted);
            else graph.Initializer[graph.Initializer.IndexOf(source)] = converted;
            names[name] = converted.Name;
        }
        return names;
    }

    private static string CastOf(string name, bool toHalf, Dictionary<(string, bool), string> casts, List<NodeProto> nodes)
    {
        if (casts.TryGetValue((name, toHalf), out var existing)) return existing;
        var output = $"{name}/to_{(toHalf ? "fp16" : "fp32")}";
        nodes.Add(CastNode(name, output, toHalf));
        casts[(name, toHalf)] = output;
        return output;
    }

    private static NodeProto CastNode(string input, string output, bool toHalf) => new()
    {
        OpType = "Cast", Name = $"cast/{output}", Input = { input }, Output = { output },
        Attribute = { new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = toHalf ? (int)DataType.Float16 : Float } },
    };

    // A node moved to float16 whose attributes name float32 (Cast's target, a constant's value) follows.
    private static void RetypeAttributes(NodeProto node)
    {
        switch (node.OpType)
        {
            case "Cast" when Attribute(node, "to") is { I: Float } to:
                to.I = (int)DataType.Float16;
                break;
            case "Constant":
                if (Attribute(node, "value") is { } value && value.T.DataType == Float)
                    value.T = TensorValues.Float16(value.T.Name, value.T.Dims, TensorValues.Floats(value.T));
                else if (Attribute(node, "value_float") is { } scalar)
                    Replace(node, scalar, TensorValues.Float16("", [], [scalar.F]));
                else if (Attribute(node, "value_floats") is { } list)
                    Replace(node, list, TensorValues.Float16("", [list.Floats.Count], list.Floats.ToArray()));
                break;
            case "ConstantOfShape":
                if (Attribute(node, "value") is { } fill)
                {
                    if (fill.T.DataType == Float) fill.T = TensorValues.Float16(fill.T.Name, fill.T.Dims, TensorValues.Floats(fill.T));
                }
                else
                    node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = TensorValues.Float16("", [1], [0f]) });
                break;
        }
    }

    private static void Replace(NodeProto node, AttributeProto old, TensorProto tensor)
    {
        node.Attribute.Remove(old);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor });
    }
}
