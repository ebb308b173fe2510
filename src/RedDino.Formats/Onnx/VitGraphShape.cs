namespace RedDino.Formats.Onnx;

/// <summary>The shape of the DINOv2 ViT that <see cref="VitOnnxWriter"/> writes. The weights come in a
/// separate name -> tensor map; these are the numbers no tensor shape tells (the head count) or that
/// name the file (the architecture).</summary>
/// <param name="Arch">reddino.arch and the graph's name, e.g. "vits14" or "vit-d192-l6-h3-m768-p14".</param>
/// <param name="EmbedDim">Token width D.</param>
/// <param name="Depth">Number of transformer blocks.</param>
/// <param name="NumHeads">Attention heads (D / heads is the head width).</param>
/// <param name="PatchSize">Patch (and stride) of the patch-embedding convolution.</param>
/// <param name="LayerNormEps">LayerNorm epsilon (1e-6 in DINOv2).</param>
public sealed record VitGraphShape(string Arch, int EmbedDim, int Depth, int NumHeads, int PatchSize, double LayerNormEps = 1e-6);
