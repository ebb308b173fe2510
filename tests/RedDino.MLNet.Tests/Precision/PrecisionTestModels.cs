using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using RedDino.Formats.Manifests;
using RedDino.Formats.Onnx;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>What the precision tests build and compare: one-node ONNX graphs, a seeded random ViT written by
/// the Formats graph writer, bundled Chula cells, the fixtures of make_precision_fixtures.py, and row cosines.</summary>
internal static class PrecisionTestModels
{
    public static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("precision", name))).RootElement;

    public static float[] Floats(this JsonElement element) => element.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static long[] Longs(this JsonElement element) => element.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    /// <summary>A float32 initializer.</summary>
    public static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>A float32 input or output with the given dims (null = a symbolic axis).</summary>
    public static ValueInfoProto Value(string name, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "n" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    public static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>An opset-17 model of one graph.</summary>
    public static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    public static string Save(ModelProto model, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Runs a one-input, one-output model on CPU.</summary>
    public static float[] Run(string path, string input, float[] values, long[] shape, string output)
    {
        using var session = new InferenceSession(path);
        using var x = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var results = session.Run(new RunOptions(), [input], [x], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static ModelProto Load(string path) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

    /// <summary>A ViT of the DINOv2 layout (D 64, depth 3, 4 heads, MLP 256, patch 14, 56 px) with seeded random
    /// weights that make every block matter, as RedDino.Backbone's RandomWeights draws them: LayerScale U(0.2, 1),
    /// LayerNorm weights 1 + N(0, 0.1), biases N(0, 0.1), cls/pos N(0, 0.5), other weights N(0, 1/fan_in).</summary>
    public static string RandomVit(string folder, int seed = 0)
    {
        const int d = 64, depth = 3, heads = 4, mlp = 256, patch = 14, size = 56;
        var random = new Random(seed);
        var weights = new Dictionary<string, OnnxWeight>();
        void Add(string name, long[] shape, Func<double> draw)
        {
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++) values[i] = (float)draw();
            weights[name] = OnnxWeight.Of(shape, values);
        }
        double Normal(double mean, double std) => mean + std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        void Linear(string name, int outputs, int inputs)
        {
            Add(name + ".weight", [outputs, inputs], () => Normal(0, 1 / Math.Sqrt(inputs)));
            Add(name + ".bias", [outputs], () => Normal(0, 0.1));
        }
        void Norm(string name)
        {
            Add(name + ".weight", [d], () => Normal(1, 0.1));
            Add(name + ".bias", [d], () => Normal(0, 0.1));
        }
        var tokens = 1 + (size / patch) * (size / patch);
        Add("cls_token", [1, 1, d], () => Normal(0, 0.5));
        Add("pos_embed", [1, tokens, d], () => Normal(0, 0.5));
        Add("patch_embed.proj.weight", [d, 3, patch, patch], () => Normal(0, 1 / Math.Sqrt(3 * patch * patch)));
        Add("patch_embed.proj.bias", [d], () => Normal(0, 0.1));
        for (var i = 0; i < depth; i++)
        {
            var p = $"blocks.{i}.";
            Norm(p + "norm1");
            Linear(p + "attn.qkv", 3 * d, d);
            Linear(p + "attn.proj", d, d);
            Add(p + "ls1.gamma", [d], () => 0.2 + 0.8 * random.NextDouble());
            Norm(p + "norm2");
            Linear(p + "mlp.fc1", mlp, d);
            Linear(p + "mlp.fc2", d, mlp);
            Add(p + "ls2.gamma", [d], () => 0.2 + 0.8 * random.NextDouble());
        }
        Norm("norm");
        var path = Path.Combine(folder, $"random-vit-{seed}.onnx");
        VitOnnxWriter.Write(path, new VitGraphShape("vit-d64-l3-h4-p14", d, depth, heads, patch), weights,
            new BackboneMetadata("vit-d64-l3-h4-p14", d, size, $"random-seed-{seed}", patch));
        return path;
    }

    /// <summary>The first <paramref name="count"/> cells of the bundled Chula sample (80 x 80 PNG crops).</summary>
    public static Manifest BundledCells(int count)
    {
        var sample = Manifest.Read(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"));
        var baseFolder = sample.BaseFolder();
        return new Manifest(sample.Rows.Take(count).Select(r => r with { Path = r.ResolvePath(baseFolder) }).ToList(), sample.Columns);
    }

    /// <summary>Cosine similarity of row i of a and b, both row-major [rows, dim].</summary>
    public static double[] RowCosines(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int dim)
    {
        Assert.AreEqual(a.Length, b.Length);
        var result = new double[a.Length / dim];
        for (var r = 0; r < result.Length; r++)
        {
            double dot = 0, na = 0, nb = 0;
            for (var j = r * dim; j < (r + 1) * dim; j++)
            {
                dot += (double)a[j] * b[j];
                na += (double)a[j] * a[j];
                nb += (double)b[j] * b[j];
            }
            result[r] = dot / Math.Sqrt(na * nb);
        }
        return result;
    }
}
