using RedDino.Backbone.Vit;
using static RedDino.Backbone.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace RedDino.Backbone.Export;

/// <summary>
/// The DINOv2 ViT forward written as an opset-17 ONNX graph (the same computation as
/// <see cref="VisionTransformer.ForwardFeatures"/> at a fixed input size S):
/// Conv -> tokens + position embedding (resized once, here) -> per block LayerNormalization, MatMul
/// attention with Softmax, exact GELU as Div/Erf/Add/Mul/Mul, LayerScale Mul -> LayerNormalization ->
/// embedding = row 0, patch_tokens = rows 1..N. Linear weights are stored transposed ([in, out]) for MatMul.
/// </summary>
internal static class VitOnnxGraph
{
    public const string Input = "pixel_values";
    public const string Embedding = "embedding";
    public const string PatchTokens = "patch_tokens";

    public static OnnxGraphBuilder Build(VisionTransformer model, int imageSize, bool includePatchTokens)
    {
        var s = model.Settings;
        if (imageSize % s.PatchSize != 0)
            throw new ArgumentException($"image size {imageSize} is not a multiple of the patch size {s.PatchSize}");
        long d = s.EmbedDim, grid = imageSize / s.PatchSize, n = grid * grid, heads = s.NumHeads, headDim = s.HeadDim;
        var state = model.state_dict();
        var g = new OnnxGraphBuilder();
        g.Graph.Name = $"reddino_{s.Name}_{imageSize}";
        g.Graph.Input.Add(FloatValue(Input, null, 3, imageSize, imageSize));
        g.Graph.Output.Add(FloatValue(Embedding, null, d));
        if (includePatchTokens)
            g.Graph.Output.Add(FloatValue(PatchTokens, null, n, d));

        // Position embedding at this grid: [1, 1 + N, D]; CLS gets its row added before the broadcast.
        var pos = g.Keep(model.PositionEmbeddingFor((int)grid, (int)grid).detach());
        var clsWithPos = g.Weight("cls_token_plus_pos", [1, 1, d], () =>
        {
            using var sum = state["cls_token"] + pos.narrow(1, 0, 1);
            return Floats(sum);
        });
        var patchPos = g.Weight("pos_embed_patches", [1, n, d], () => Floats(pos.narrow(1, 1, n)));

        var conv = g.Node("Conv", [Input, Param(g, state, "patch_embed.proj.weight"), Param(g, state, "patch_embed.proj.bias")], null,
            Ints("kernel_shape", s.PatchSize, s.PatchSize), Ints("strides", s.PatchSize, s.PatchSize));  // [B, D, g, g]
        var flat = g.Node("Reshape", [conv, g.Int64s("shape_b_d_n", [0, d, -1])]);                        // [B, D, N]
        var patches = g.Node("Transpose", [flat], null, Ints("perm", 0, 2, 1));                           // [B, N, D]
        patches = g.Node("Add", [patches, patchPos]);
        var batch = g.Node("Shape", [Input], null, Int("start", 0), Int("end", 1));                       // [1] = B
        var clsShape = g.Node("Concat", [batch, g.Int64s("one_d", [1, d])], null, Int("axis", 0));       // [B, 1, D]
        var cls = g.Node("Expand", [clsWithPos, clsShape]);
        var x = g.Node("Concat", [cls, patches], null, Int("axis", 1));                                  // [B, 1 + N, D]

        var scale = g.FloatScalar("attn_scale", (float)(1.0 / Math.Sqrt(headDim)));
        var sqrt2 = g.FloatScalar("sqrt2", (float)Math.Sqrt(2.0));
        var one = g.FloatScalar("one", 1f);
        var half = g.FloatScalar("half", 0.5f);
        var qkvShape = g.Int64s("shape_qkv", [0, 0, 3, heads, headDim]);
        var mergeShape = g.Int64s("shape_b_t_d", [0, 0, d]);
        var index = new[] { g.Int64s("index_0", [0], scalar: true), g.Int64s("index_1", [1], scalar: true), g.Int64s("index_2", [2], scalar: true) };

        for (var i = 0; i < s.Depth; i++)
        {
            var p = $"blocks.{i}.";
            var h = LayerNorm(g, state, x, p + "norm1", s.LayerNormEps);
            var qkv = Linear(g, state, h, p + "attn.qkv");                                                // [B, T, 3D]
            qkv = g.Node("Reshape", [qkv, qkvShape]);                                                    // [B, T, 3, H, Dh]
            qkv = g.Node("Transpose", [qkv], null, Ints("perm", 2, 0, 3, 1, 4));                         // [3, B, H, T, Dh]
            var q = g.Node("Gather", [qkv, index[0]], null, Int("axis", 0));                             // [B, H, T, Dh]
            var k = g.Node("Gather", [qkv, index[1]], null, Int("axis", 0));
            var v = g.Node("Gather", [qkv, index[2]], null, Int("axis", 0));
            var kT = g.Node("Transpose", [k], null, Ints("perm", 0, 1, 3, 2));                          // [B, H, Dh, T]
            var scores = g.Node("Mul", [g.Node("MatMul", [q, kT]), scale]);                             // [B, H, T, T]
            var attn = g.Node("Softmax", [scores], null, Int("axis", -1));
            var o = g.Node("MatMul", [attn, v]);                                                         // [B, H, T, Dh]
            o = g.Node("Transpose", [o], null, Ints("perm", 0, 2, 1, 3));                                // [B, T, H, Dh]
            o = g.Node("Reshape", [o, mergeShape]);                                                      // [B, T, D]
            o = Linear(g, state, o, p + "attn.proj");
            x = g.Node("Add", [x, g.Node("Mul", [o, Param(g, state, p + "ls1.gamma")])]);

            h = LayerNorm(g, state, x, p + "norm2", s.LayerNormEps);
            h = Linear(g, state, h, p + "mlp.fc1");
            var erf = g.Node("Erf", [g.Node("Div", [h, sqrt2])]);                                       // exact GELU
            h = g.Node("Mul", [g.Node("Mul", [h, g.Node("Add", [erf, one])]), half]);
            h = Linear(g, state, h, p + "mlp.fc2");
            x = g.Node("Add", [x, g.Node("Mul", [h, Param(g, state, p + "ls2.gamma")])]);
        }

        x = LayerNorm(g, state, x, "norm", s.LayerNormEps);                                              // [B, 1 + N, D]
        g.Node("Gather", [x, index[0]], Embedding, Int("axis", 1));                                      // [B, D]
        if (includePatchTokens)
            g.Node("Slice", [x, g.Int64s("slice_start", [1]), g.Int64s("slice_end", [1 + n]), g.Int64s("slice_axes", [1])], PatchTokens);
        return g;
    }

    private static string Param(OnnxGraphBuilder g, Dictionary<string, Tensor> state, string key) =>
        g.Weight(key, state[key].shape, () => Floats(state[key]));

    private static string LayerNorm(OnnxGraphBuilder g, Dictionary<string, Tensor> state, string x, string prefix, double eps) =>
        g.Node("LayerNormalization", [x, Param(g, state, prefix + ".weight"), Param(g, state, prefix + ".bias")], null,
            Int("axis", -1), Float("epsilon", (float)eps));

    /// <summary>x @ W^T + b with W^T stored as "{prefix}.weight_t" [in, out].</summary>
    private static string Linear(OnnxGraphBuilder g, Dictionary<string, Tensor> state, string x, string prefix)
    {
        var w = state[prefix + ".weight"];
        var wT = g.Weight(prefix + ".weight_t", [w.shape[1], w.shape[0]], () =>
        {
            using var transposed = w.t();
            return Floats(transposed);
        });
        return g.Node("Add", [g.Node("MatMul", [x, wT]), Param(g, state, prefix + ".bias")]);
    }

    private static float[] Floats(Tensor t)
    {
        using var contiguous = t.detach().contiguous();
        return contiguous.data<float>().ToArray();
    }
}
