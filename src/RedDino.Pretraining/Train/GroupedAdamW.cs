using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>TorchSharp's AdamW over DINOv2's parameter groups, with the per-iteration learning
/// rate and weight decay applied per group (lr x multiplier, the last layer's own schedule; wd x
/// multiplier), gradient clipping per module, and its moments exposed by parameter name for
/// checkpoints.</summary>
public sealed class GroupedAdamW : IDisposable
{
    private readonly AdamW optimizer;
    private readonly List<(ParamGroupSpec Spec, AdamW.ParamGroup Group)> groups;

    public GroupedAdamW(IReadOnlyList<ParamGroupSpec> specs, double beta1, double beta2)
    {
        groups = specs.Select(s => (s, new AdamW.ParamGroup(s.Parameters.Select(p => p.Parameter).ToArray(),
            new AdamW.Options { LearningRate = 0, weight_decay = 0, beta1 = beta1, beta2 = beta2, eps = 1e-8, amsgrad = false, maximize = false })))
            .ToList();
        optimizer = optim.AdamW(groups.Select(g => g.Group), lr: 0, beta1: beta1, beta2: beta2);
    }

    public IReadOnlyList<ParamGroupSpec> Specs => groups.Select(g => g.Spec).ToList();

    /// <summary>DINOv2 apply_optim_scheduler: lr x multiplier (the last layer follows its own
    /// schedule, 0 while frozen) and weight decay x multiplier.</summary>
    public void SetSchedules(double lr, double lastLayerLr, double weightDecay)
    {
        foreach (var (spec, group) in groups)
        {
            group.Options.LearningRate = (spec.IsLastLayer ? lastLayerLr : lr) * spec.LrMultiplier;
            group.Options.weight_decay = weightDecay * spec.WdMultiplier;
        }
    }

    public void ZeroGrad() => optimizer.zero_grad();

    public void Step() => optimizer.step();

    /// <summary>Clips the gradient norm of each module's parameters separately (backbone, head).</summary>
    public static void ClipGradients(SslModel student, double maxNorm)
    {
        if (maxNorm <= 0) return;
        nn.utils.clip_grad_norm_(student.Backbone.parameters(), maxNorm);
        nn.utils.clip_grad_norm_(student.Head.parameters(), maxNorm);
    }

    /// <summary>The moments and step counts, keyed "{parameter}.exp_avg|exp_avg_sq|step".</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        var result = new Dictionary<string, Tensor>();
        var states = optimizer.state_dict().State;
        var i = 0;
        foreach (var (spec, _) in groups)
            foreach (var (name, _) in spec.Parameters)
            {
                var state = (AdamW.State)states[i++];
                result[name + ".exp_avg"] = state.exp_avg;
                result[name + ".exp_avg_sq"] = state.exp_avg_sq;
                result[name + ".step"] = tensor(state.step);
            }
        return result;
    }

    /// <summary>Restores what <see cref="StateTensors"/> saved; a missing entry is an error naming it.</summary>
    public void LoadStateTensors(IReadOnlyDictionary<string, Tensor> saved, string source)
    {
        var states = optimizer.state_dict().State;
        var i = 0;
        using var noGrad = no_grad();
        foreach (var (spec, _) in groups)
            foreach (var (name, _) in spec.Parameters)
            {
                var state = (AdamW.State)states[i++];
                Tensor Get(string key) => saved.TryGetValue(key, out var t) ? t
                    : throw new InvalidDataException($"{source}: optimiser state '{key}' missing");
                state.exp_avg.copy_(Get(name + ".exp_avg"));
                state.exp_avg_sq.copy_(Get(name + ".exp_avg_sq"));
                state.step = Get(name + ".step").item<long>();
            }
    }

    public void Dispose() => optimizer.Dispose();
}
