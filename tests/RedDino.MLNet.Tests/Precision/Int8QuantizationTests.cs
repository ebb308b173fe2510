using Onnx;
using RedDino.Formats;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;
using static RedDino.MLNet.Tests.Precision.PrecisionTestModels;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>int8 conversion against numpy's simulation of dynamic quantization (make_precision_fixtures.py):
/// per-column symmetric int8 weights, per-tensor uint8 activations, int32 accumulation, float scale and bias.
/// Tolerance |a - b| &lt;= 1e-5 + 1e-5 |b| (float32 rounding of the final multiply-add only: the integer part
/// is exact, so a wrong scale, zero point or rounding rule fails by orders of magnitude more).</summary>
[TestClass]
public sealed class Int8QuantizationTests : TempFolderTest
{
    private const double Atol = 1e-5, Rtol = 1e-5;
    [TestMethod]
    public void MatMulWithBiasAddMatchesNumpy()
    {
        var f = Fixture("int8_matmul.json").GetProperty("matmul");
        var (xShape, wShape) = (f.GetProperty("x_shape").Longs(), f.GetProperty("w_shape").Longs());
        var graph = new GraphProto { Name = "matmul" };
        graph.Input.Add(Value("x", null, xShape[1], xShape[2]));
        graph.Output.Add(Value("y", null, xShape[1], wShape[1]));
        graph.Initializer.Add(Tensor("w", wShape, f.GetProperty("w").Floats()));
        graph.Initializer.Add(Tensor("b", [wShape[1]], f.GetProperty("bias").Floats()));
        graph.Node.Add(Node("MatMul", ["x", "w"], "xw"));
        graph.Node.Add(Node("Add", ["xw", "b"], "y"));
        var model = Model(graph);

        var result = OnnxPrecisionConverter.Convert(model, ModelPrecision.Int8);

        Assert.AreEqual(1, result.ConvertedNodes);
        var node = model.Graph.Node.Single();
        Assert.AreEqual(("com.microsoft", "DynamicQuantizeMatMul"), (node.Domain, node.OpType), "MatMul and the bias Add became one node");
        Assert.IsTrue(model.Graph.Initializer.All(t => t.Name != "w"), "the float32 weight is gone");
        var path = Save(model, Folder, "matmul-int8.onnx");
        var y = Run(path, "x", f.GetProperty("x").Floats(), xShape, "y");
        TinyBackbone.AssertClose(f.GetProperty("expected_int8").Floats(), y, Atol, Rtol, "int8 MatMul + Add vs numpy");
        // And it is a quantization of the float32 result, not something else that happens to agree.
        TinyBackbone.AssertClose(f.GetProperty("expected_fp32").Floats(), y, 0.05, 0.02, "int8 MatMul + Add vs float32");
    }

    [TestMethod]
    public void GemmWithTransposedWeightAlphaAndBetaMatchesNumpy()
    {
        var f = Fixture("int8_matmul.json").GetProperty("gemm");
        var (xShape, wShape) = (f.GetProperty("x_shape").Longs(), f.GetProperty("w_shape").Longs());
        var graph = new GraphProto { Name = "gemm" };
        graph.Input.Add(Value("x", null, xShape[1]));
        graph.Output.Add(Value("y", null, wShape[0]));
        graph.Initializer.Add(Tensor("w", wShape, f.GetProperty("w").Floats()));
        graph.Initializer.Add(Tensor("c", [wShape[0]], f.GetProperty("c").Floats()));
        graph.Node.Add(Node("Gemm", ["x", "w", "c"], "y",
            new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 },
            new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = f.GetProperty("alpha").GetSingle() },
            new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = f.GetProperty("beta").GetSingle() }));
        var model = Model(graph);

        OnnxPrecisionConverter.Convert(model, ModelPrecision.Int8);

        Assert.AreEqual("DynamicQuantizeMatMul", model.Graph.Node.Single().OpType);
        var y = Run(Save(model, Folder, "gemm-int8.onnx"), "x", f.GetProperty("x").Floats(), xShape, "y");
        TinyBackbone.AssertClose(f.GetProperty("expected_int8").Floats(), y, Atol, Rtol, "int8 Gemm vs numpy");
    }

    [TestMethod]
    public void ActivationByActivationMatMulsStayFloat32()
    {
        // attention's q @ k^T has no constant weight: nothing to quantize ahead of time, so it is left alone.
        var graph = new GraphProto { Name = "qk" };
        graph.Input.Add(Value("q", 2, 3));
        graph.Input.Add(Value("k", 3, 2));
        graph.Output.Add(Value("s", 2, 2));
        graph.Initializer.Add(Tensor("w", [2, 2], [1, 2, 3, 4]));
        graph.Node.Add(Node("MatMul", ["q", "k"], "qk"));
        graph.Node.Add(Node("MatMul", ["qk", "w"], "s"));
        var model = Model(graph);

        OnnxPrecisionConverter.Convert(model, ModelPrecision.Int8);

        CollectionAssert.AreEqual(new[] { "MatMul", "DynamicQuantizeMatMul" }, model.Graph.Node.Select(n => n.OpType).ToArray());
        Assert.AreEqual("int8", model.MetadataProps.Single(p => p.Key == MetadataKeys.Precision).Value);
    }
}
