using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;
using static RedDino.MLNet.Tests.Precision.PrecisionTestModels;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>fp16 conversion: weights rounded exactly as numpy's astype(float16) (fixture bits, no tolerance),
/// results within float16's rounding of numpy's float16 product,
/// compute in float16 with float32 at the graph's borders, and the float32 islands (LayerNorm, Softmax).</summary>
[TestClass]
public sealed class Float16ConversionTests : TempFolderTest
{
    [TestMethod]
    public void WeightsRoundLikeNumpyAndTheProductIsFloat16()
    {
        var f = Fixture("fp16_rounding.json");
        var w = f.GetProperty("w").Floats();
        var graph = new GraphProto { Name = "mul" };
        graph.Input.Add(Value("x", w.Length));
        graph.Output.Add(Value("y", w.Length));
        graph.Initializer.Add(Tensor("w", [w.Length], w));
        graph.Node.Add(Node("Mul", ["x", "w"], "y"));
        var model = Model(graph);

        OnnxPrecisionConverter.Convert(model, ModelPrecision.Fp16);

        var half = model.Graph.Initializer.Single(t => t.Name == "w");
        Assert.AreEqual((int)TensorProto.Types.DataType.Float16, half.DataType);
        CollectionAssert.AreEqual(f.GetProperty("w_float16_bits").EnumerateArray().Select(e => (ushort)e.GetInt32()).ToArray(),
            MemoryMarshal.Cast<byte, ushort>(half.RawData.Span).ToArray(), "float16 bits of every weight (ties to even, subnormals, 65504)");
        CollectionAssert.AreEqual(new[] { "Cast", "Mul", "Cast" }, model.Graph.Node.Select(n => n.OpType).ToArray(), "float32 in, float16 Mul, float32 out");
        var y = Run(Save(model, Folder, "mul-fp16.onnx"), "x", f.GetProperty("x").Floats(), [w.Length], "y");
        // A float16 Mul gives the float16 product; ONNX Runtime's CPU provider has no float16 Mul kernel, runs it
        // in float32 and drops the Cast pair around x, so its result is within float16's rounding of it:
        // |a - b| <= 1e-7 + 2^-10 |b| (one float16 step).
        TinyBackbone.AssertClose(f.GetProperty("x_times_w_float16").Floats(), y, 1e-7, 1.0 / 1024, "x * w vs float16");
    }

    [TestMethod]
    public void LayerNormAndSoftmaxKeepFloat32AndTheOutputsStayFloat32()
    {
        var graph = new GraphProto { Name = "ln-softmax" };
        graph.Input.Add(Value("x", null, 4));
        graph.Output.Add(Value("y", null, 4));
        graph.Output.Add(Value("h", null, 4));
        graph.Initializer.Add(Tensor("w", [4, 4], [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4]));
        graph.Initializer.Add(Tensor("gamma", [4], [1, 1, 1, 1]));
        graph.Initializer.Add(Tensor("beta", [4], [0, 0, 0, 0]));
        graph.Node.Add(Node("MatMul", ["x", "w"], "h"));
        graph.Node.Add(Node("LayerNormalization", ["h", "gamma", "beta"], "n"));
        graph.Node.Add(Node("Softmax", ["n"], "y"));
        var model = Model(graph);

        OnnxPrecisionConverter.Convert(model, ModelPrecision.Fp16);

        var nodes = model.Graph.Node;
        var layerNorm = nodes.Single(n => n.OpType == "LayerNormalization");
        Assert.AreEqual("h/to_fp32", layerNorm.Input[0], "LayerNorm reads the MatMul's float16 output through a Cast to float32");
        Assert.IsTrue(model.Graph.Initializer.Where(t => t.Name is "gamma" or "beta").All(t => t.DataType == (int)TensorProto.Types.DataType.Float));
        Assert.AreEqual("n", nodes.Single(n => n.OpType == "Softmax").Input[0], "LayerNorm to Softmax stays float32, no Cast between");
        var path = Save(model, Folder, "ln-fp16.onnx");
        using var session = new InferenceSession(path);
        Assert.IsTrue(session.OutputMetadata.Values.All(o => o.ElementType == typeof(float)), "every output is float32");
        var y = Run(path, "x", [0.5f, -1, 2, 0.25f], [1, 4], "y");
        Assert.AreEqual(1.0, y.Sum(), 1e-6, "softmax rows sum to 1");
    }

    [TestMethod]
    public void WeightsBeyondFloat16RangeAreRefused()
    {
        var graph = new GraphProto { Name = "big" };
        graph.Input.Add(Value("x", 2));
        graph.Output.Add(Value("y", 2));
        graph.Initializer.Add(Tensor("huge", [2], [1f, 70000f]));
        graph.Node.Add(Node("Mul", ["x", "huge"], "y"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(Model(graph), ModelPrecision.Fp16));
        StringAssert.Contains(e.Message, "'huge'");
        StringAssert.Contains(e.Message, "65504");
    }
}
