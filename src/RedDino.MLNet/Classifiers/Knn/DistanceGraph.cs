using Google.Protobuf;
using Onnx;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>The in-memory ONNX graph behind <see cref="GemmDistanceKernel"/>: one Gemm node,
/// partial = -2 · queries · referencesᵀ + referenceNorms, i.e. out[i, j] = ||r_j||² - 2 q_i·r_j
/// ([Q, D] x [R, D]ᵀ + [R] -> [Q, R]). Adding ||q_i||² gives the squared Euclidean distance;
/// leaving it out does not change the order of the references for one query.</summary>
internal static class DistanceGraph
{
    public const string Queries = "queries";
    public const string References = "references";
    public const string ReferenceNorms = "reference_norms";
    public const string Output = "partial_distances";

    /// <summary>Serialized ModelProto (opset 13) for feature dimension <paramref name="dimension"/>.</summary>
    public static byte[] Build(int dimension)
    {
        var gemm = new NodeProto { Name = "partial_distances", OpType = "Gemm" };
        gemm.Input.Add(new[] { Queries, References, ReferenceNorms });
        gemm.Output.Add(Output);
        gemm.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = -2f });
        gemm.Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 1f });
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });

        var graph = new GraphProto { Name = "reddino_knn_distances" };
        graph.Node.Add(gemm);
        graph.Input.Add(FloatTensor(Queries, "query_count", dimension));
        graph.Input.Add(FloatTensor(References, "reference_count", dimension));
        graph.Input.Add(FloatTensor(ReferenceNorms, "reference_count"));
        graph.Output.Add(FloatTensor(Output, "query_count", "reference_count"));

        var model = new ModelProto { IrVersion = 7, ProducerName = "RedDino.MLNet", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static ValueInfoProto FloatTensor(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is int size
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = (string)dim });
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
