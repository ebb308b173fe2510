using RedDino.Backbone.Vit;
using RedDino.Pretraining.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>A student or teacher: the ViT and the projection head. Its state-dict keys are the
/// DINOv2 training names, `backbone.*` (timm names + mask_token) and `dino_head.*`.</summary>
public sealed class SslModel : nn.Module
{
    private readonly VisionTransformer backbone;
    private readonly DinoHead dino_head;

    /// <summary>Builds both parts, initialised as DINOv2 does unless <paramref name="initialize"/> is false
    /// (a teacher, whose weights are copied from the student).</summary>
    public SslModel(VitSettings settings, int prototypes, int hiddenDim, int bottleneckDim, int headLayers, bool initialize = true) : base(nameof(SslModel))
    {
        backbone = new VisionTransformer(settings, initialize);
        dino_head = new DinoHead(settings.EmbedDim, prototypes, hiddenDim, bottleneckDim, headLayers, initialize);
        RegisterComponents();
    }

    public VisionTransformer Backbone => backbone;
    public DinoHead Head => dino_head;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            dino_head.Dispose();
        }
        base.Dispose(disposing);
    }
}
