using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace RedDino.Formats.Onnx.Precision;

/// <summary>The element type (TensorProto.DataType) of every value of a graph, found by walking its nodes in
/// order (ONNX keeps them topologically sorted): graph inputs and initializers declare theirs, the operators
/// that set a type (Shape, Cast, Constant, comparisons, ...) are listed, and every other standard operator
/// gives its outputs the type of its first typed input (Add, MatMul, Conv, Reshape, Gather, Concat, ...).</summary>
internal static class ElementTypes
{
    private static readonly HashSet<string> Int64Ops = ["Shape", "Size", "NonZero", "ArgMax", "ArgMin"];
    private static readonly HashSet<string> BoolOps =
        ["Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf"];

    /// <summary>Value name -> element type; values whose type cannot be told are absent.</summary>
    /// <exception cref="InvalidDataException">A node holds a subgraph (If, Loop, Scan), which this walk does not enter.</exception>
    public static Dictionary<string, int> Infer(GraphProto graph)
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var input in graph.Input)
            if (input.Type?.TensorType is { } tensor) types[input.Name] = tensor.ElemType;
        foreach (var initializer in graph.Initializer)
            types[initializer.Name] = initializer.DataType;
        foreach (var node in graph.Node)
        {
            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
                throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) holds a subgraph, which precision conversion does not handle");
            for (var i = 0; i < node.Output.Count; i++)
                if (node.Output[i].Length > 0 && OutputType(node, i, types) is { } type)
                    types[node.Output[i]] = type;
        }
        return types;
    }

    private static int? OutputType(NodeProto node, int index, Dictionary<string, int> types)
    {
        int? TypeOf(int input) => input < node.Input.Count && types.TryGetValue(node.Input[input], out var t) ? t : null;
        return node.OpType switch
        {
            _ when Int64Ops.Contains(node.OpType) => (int)DataType.Int64,
            _ when BoolOps.Contains(node.OpType) => (int)DataType.Bool,
            "Cast" => (int)Attribute(node, "to")!.I,
            "CastLike" or "Where" => TypeOf(1),
            "Constant" => ConstantType(node),
            "ConstantOfShape" => Attribute(node, "value")?.T.DataType ?? (int)DataType.Float,
            "TopK" or "MaxPool" when index == 1 => (int)DataType.Int64,
            "Dropout" when index == 1 => (int)DataType.Bool,
            "DynamicQuantizeLinear" => index == 1 ? (int)DataType.Float : (int)DataType.Uint8,
            _ => Enumerable.Range(0, node.Input.Count).Select(TypeOf).FirstOrDefault(t => t is not null),
        };
    }

    private static int? ConstantType(NodeProto node)
    {
        foreach (var attribute in node.Attribute)
            switch (attribute.Name)
            {
                case "value": return attribute.T.DataType;
                case "value_float" or "value_floats": return (int)DataType.Float;
                case "value_int" or "value_ints": return (int)DataType.Int64;
                case "value_string" or "value_strings": return (int)DataType.String;
            }
        return null;
    }

    /// <summary>The node's attribute called <paramref name="name"/>, or null.</summary>
    public static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
}
