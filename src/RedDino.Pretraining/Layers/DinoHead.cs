using RedDino.Backbone.Vit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Layers;

/// <summary>The DINO/iBOT projection head shared by the CLS and masked-patch losses (DINOv2
/// layers/dino_head.py): Linear(D, hidden) - GELU - [Linear(hidden, hidden) - GELU]* -
/// Linear(hidden, bottleneck) - L2 normalise (eps 1e-12) - weight-normalised Linear(bottleneck, K)
/// without bias. Parameter names match the training checkpoints: `mlp.0.weight`, `mlp.2.weight`,
/// `mlp.4.weight` (+ biases), `last_layer.weight_g`, `last_layer.weight_v`.</summary>
public sealed class DinoHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential mlp;
    private readonly WeightNormLinear last_layer;

    /// <summary>The head with DINOv2's initialisation, or without it when <paramref name="initialize"/>
    /// is false because its weights are loaded next (a teacher copied from its student).</summary>
    public DinoHead(long inDim, long prototypes, long hiddenDim = 2048, long bottleneckDim = 256, int layers = 3, bool initialize = true)
        : base(nameof(DinoHead))
    {
        if (layers < 2)
            throw new ArgumentOutOfRangeException(nameof(layers), "the head needs at least 2 MLP layers");
        var modules = new List<nn.Module<Tensor, Tensor>> { nn.Linear(inDim, hiddenDim), nn.GELU() };
        for (var i = 0; i < layers - 2; i++)
        {
            modules.Add(nn.Linear(hiddenDim, hiddenDim));
            modules.Add(nn.GELU());
        }
        modules.Add(nn.Linear(hiddenDim, bottleneckDim));
        mlp = nn.Sequential(modules);

        // DINOHead._init_weights: truncated normal (std 0.02) weights and zero biases for the MLP
        // (the last layer keeps nn.Linear's own init, as it is created after apply()).
        if (initialize)
        {
            using var noGrad = torch.no_grad();
            foreach (var (name, p) in mlp.named_parameters())
            {
                if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
                else TruncatedNormal.Fill(p, std: 0.02);
            }
        }
        last_layer = new WeightNormLinear(bottleneckDim, prototypes);
        RegisterComponents();
    }

    public long Prototypes => last_layer.OutFeatures;

    // [N, D] -> [N, K]
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var z = mlp.forward(x);                                   // [N, bottleneck]
        z = nn.functional.normalize(z, p: 2, dim: -1, eps: 1e-12);
        return last_layer.forward(z).MoveToOuterDisposeScope();   // [N, K]
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            mlp.Dispose();
            last_layer.Dispose();
        }
        base.Dispose(disposing);
    }
}
