using static RedDino.Formats.Onnx.OnnxGraphBuilder;

namespace RedDino.Formats.Onnx;

/// <summary>
/// The DINOv2 ViT forward written as an opset-17 ONNX graph at a fixed input size S, from the timm
/// state dict (cls_token, pos_embed at the S/p grid, patch_embed.proj.*, blocks.{i}.*, norm.*):
/// Conv -> tokens + position embedding -> per block LayerNormalization, MatMul attention with Softmax,
/// exact GELU as Div/Erf/Add/Mul/Mul, LayerScale Mul -> LayerNormalization -> embedding = row 0,
/// patch_tokens = rows 1..N. Linear weights are stored transposed ([in, out]) for MatMul.
/// </summary>
internal static class VitOnnxGraph
{
    public static OnnxGraphBuilder Build(VitGraphShape s, IReadOnlyDictionary<string, OnnxWeight> weights, int imageSize, bool includePatchTokens)
    {
        if (imageSize % s.PatchSize != 0)
            throw new ArgumentException($"image size {imageSize} is not a multiple of the patch size {s.PatchSize}");
        if (s.EmbedDim % s.NumHeads != 0)
            throw new ArgumentException($"embed dim {s.EmbedDim} is not divisible by {s.NumHeads} heads");
        long d = s.EmbedDim, grid = imageSize / s.PatchSize, n = grid * grid, heads = s.NumHeads, headDim = d / heads;
        var state = new WeightMap(weights);
        var g = new OnnxGraphBuilder();
        g.Graph.Name = $"reddino_{s.Arch}_{imageSize}";
        g.Graph.Input.Add(FloatValue(BackboneContract.InputName, null, 3, imageSize, imageSize));
        g.Graph.Output.Add(FloatValue(BackboneContract.EmbeddingOutput, null, d));
        if (includePatchTokens)
            g.Graph.Output.Add(FloatValue(BackboneContract.PatchTokensOutput, null, n, d));

        // Position embedding at this grid: [1, 1 + N, D]; CLS gets its row added before the broadcast.
        var pos = state.Require("pos_embed", 1, 1 + n, d);
        var clsToken = state.Require("cls_token", 1, 1, d);
        var clsWithPos = g.Weight("cls_token_plus_pos", [1, 1, d], () =>
        {
            var cls = clsToken.Values();
            var first = pos.Values();
            var sum = new float[d];
            for (var i = 0; i < d; i++)
                sum[i] = cls[i] + first[i];
            return sum;
        });
        var patchPos = g.Weight("pos_embed_patches", [1, n, d], () => pos.Values()[(int)d..]);

        var conv = g.Node("Conv", [BackboneContract.InputName, Param(g, state, "patch_embed.proj.weight", d, 3, s.PatchSize, s.PatchSize),
                Param(g, state, "patch_embed.proj.bias", d)], null,
            Ints("kernel_shape", s.PatchSize, s.PatchSize), Ints("strides", s.PatchSize, s.PatchSize));  // [B, D, g, g]
        var flat = g.Node("Reshape", [conv, g.Int64s("shape_b_d_n", [0, d, -1])]);                        // [B, D, N]
        var patches = g.Node("Transpose", [flat], null, Ints("perm", 0, 2, 1));                           // [B, N, D]
        patches = g.Node("Add", [patches, patchPos]);
        var batch = g.Node("Shape", [BackboneContract.InputName], null, Int("start", 0), Int("end", 1));  // [1] = B
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
            var h = LayerNorm(g, state, x, p + "norm1", d, s.LayerNormEps);
            var qkv = Linear(g, state, h, p + "attn.qkv", d, 3 * d);                                     // [B, T, 3D]
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
            o = Linear(g, state, o, p + "attn.proj", d, d);
            x = g.Node("Add", [x, g.Node("Mul", [o, Param(g, state, p + "ls1.gamma", d)])]);

            h = LayerNorm(g, state, x, p + "norm2", d, s.LayerNormEps);
            var hidden = state.Require(p + "mlp.fc1.weight").Shape[0];
            h = Linear(g, state, h, p + "mlp.fc1", d, hidden);
            var erf = g.Node("Erf", [g.Node("Div", [h, sqrt2])]);                                       // exact GELU
            h = g.Node("Mul", [g.Node("Mul", [h, g.Node("Add", [erf, one])]), half]);
            h = Linear(g, state, h, p + "mlp.fc2", hidden, d);
            x = g.Node("Add", [x, g.Node("Mul", [h, Param(g, state, p + "ls2.gamma", d)])]);
        }
        state.RejectExtraBlocks(s.Depth);

        x = LayerNorm(g, state, x, "norm", d, s.LayerNormEps);                                           // [B, 1 + N, D]
        g.Node("Gather", [x, index[0]], BackboneContract.EmbeddingOutput, Int("axis", 1));               // [B, D]
        if (includePatchTokens)
            g.Node("Slice", [x, g.Int64s("slice_start", [1]), g.Int64s("slice_end", [1 + n]), g.Int64s("slice_axes", [1])],
                BackboneContract.PatchTokensOutput);
        return g;
    }

    private static string Param(OnnxGraphBuilder g, WeightMap state, string key, params long[] shape)
    {
        var weight = state.Require(key, shape);
        return g.Weight(key, weight.Shape, weight.Values);
    }

    private static string LayerNorm(OnnxGraphBuilder g, WeightMap state, string x, string prefix, long d, double eps) =>
        g.Node("LayerNormalization", [x, Param(g, state, prefix + ".weight", d), Param(g, state, prefix + ".bias", d)], null,
            Int("axis", -1), Float("epsilon", (float)eps));

    /// <summary>x @ W^T + b, with W [out, in] stored transposed as "{prefix}.weight_t" [in, out].</summary>
    private static string Linear(OnnxGraphBuilder g, WeightMap state, string x, string prefix, long inFeatures, long outFeatures)
    {
        var w = state.Require(prefix + ".weight", outFeatures, inFeatures);
        var wT = g.Weight(prefix + ".weight_t", [inFeatures, outFeatures], () => Transpose(w.Values(), (int)outFeatures, (int)inFeatures));
        return g.Node("Add", [g.Node("MatMul", [x, wT]), Param(g, state, prefix + ".bias", outFeatures)]);
    }

    // [rows, cols] -> [cols, rows], row-major.
    private static float[] Transpose(float[] values, int rows, int cols)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                result[c * rows + r] = values[r * cols + c];
        return result;
    }

    /// <summary>The weight map with shape checks whose errors name the key.</summary>
    private sealed class WeightMap(IReadOnlyDictionary<string, OnnxWeight> weights)
    {
        public OnnxWeight Require(string key, params long[] shape)
        {
            if (!weights.TryGetValue(key, out var weight))
                throw new ArgumentException($"the ViT weights have no '{key}'");
            if (shape.Length > 0 && !weight.Shape.SequenceEqual(shape))
                throw new ArgumentException($"'{key}' has shape [{string.Join(", ", weight.Shape)}], expected [{string.Join(", ", shape)}]");
            return weight;
        }

        public void RejectExtraBlocks(int depth)
        {
            if (weights.ContainsKey($"blocks.{depth}.norm1.weight"))
                throw new ArgumentException($"the ViT weights have more than the {depth} blocks of the shape");
        }
    }
}
