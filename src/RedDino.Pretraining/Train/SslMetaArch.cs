using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Losses;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>Student, teacher and the losses of one step (DINOv2 train/ssl_meta_arch.py): the teacher
/// sees the two global crops (no gradient) and gives CLS targets with the crops swapped and patch
/// targets at the masked positions; the student sees the masked global crops (and the local crops
/// when a loss term uses them); one head pass serves all student rows.</summary>
public sealed class SslMetaArch : IDisposable
{
    private readonly PretrainConfig config;
    private readonly RunningCenter? dinoCenter;
    private readonly RunningCenter? ibotCenter;

    public SslMetaArch(PretrainConfig config, SslModel student, SslModel teacher)
    {
        this.config = config;
        Student = student;
        Teacher = teacher;
        if (config.Train.Centering == Centering.Centering)
        {
            dinoCenter = new RunningCenter(config.Dino.HeadNPrototypes, config.Dino.CenterMomentum);
            ibotCenter = new RunningCenter(config.Dino.HeadNPrototypes, config.Dino.CenterMomentum);
        }
        foreach (var p in teacher.parameters())
            p.requires_grad = false;
        // The teacher never drops paths (DINOv2 builds it without drop path and keeps it in eval mode).
        teacher.eval();
        student.train();
    }

    public SslModel Student { get; }
    public SslModel Teacher { get; }
    public RunningCenter? DinoCenter => dinoCenter;
    public RunningCenter? IbotCenter => ibotCenter;

    public bool DoIbot => config.Ibot.LossWeight > 0;
    public int LocalCrops => config.Crops.LocalCropsNumber;

    /// <summary>How many local crops the batches must carry (0 when no loss term uses them).</summary>
    public int LocalCropsNeeded => DinoLossTerms.HasLocalTerm(LocalCrops, config.Dino.LossNormalisation) ? LocalCrops : 0;

    /// <summary>Copies the student's weights into the teacher (the start of training).</summary>
    public void InitialiseTeacherFromStudent()
    {
        using var noGrad = no_grad();
        foreach (var ((_, t), (_, s)) in Teacher.named_parameters().Zip(Student.named_parameters()))
            t.copy_(s);
    }

    /// <summary>Computes the losses of one batch and back-propagates their sum into the student.
    /// Returns the loss terms (as added to the total) and diagnostics.</summary>
    public StepLosses ForwardBackward(TrainingBatch batch, double teacherTemp)
    {
        using var scope = NewDisposeScope();
        var b = batch.BatchSize;
        var studentTemp = config.Dino.StudentTemp;
        var mode = config.Dino.LossNormalisation;
        var masked = DoIbot ? batch.MaskedPatches : 0;

        // Teacher: [2B, D] CLS (crops swapped) + [M, D] masked patches -> one head pass.
        Tensor teacherCls, teacherPatches;
        using (no_grad())
        {
            var (cls, patches) = Teacher.Backbone.ForwardFeatures(batch.Global);
            var halves = cls.chunk(2);
            var headIn = cat([halves[1], halves[0]]);
            if (masked > 0)
                headIn = cat([headIn, patches.flatten(0, 1).index_select(0, batch.MaskIndices)]);
            var output = Teacher.Head.forward(headIn);
            teacherCls = Center(output.narrow(0, 0, 2 * b), teacherTemp, null, dinoCenter);
            teacherPatches = masked > 0 ? Center(output.narrow(0, 2 * b, masked), teacherTemp, masked, ibotCenter) : empty(0);
        }

        // Student: global crops with masks, local crops when needed, then one head pass.
        var (studentCls, studentPatches) = Student.Backbone.ForwardFeatures(batch.Global, masked > 0 ? batch.Masks : null);
        var localCrops = LocalCropsNeeded;
        var inputs = new List<Tensor>();
        if (localCrops > 0)
        {
            if (batch.Local is null)
                throw new InvalidOperationException("the batch carries no local crops");
            inputs.Add(Student.Backbone.ForwardFeatures(batch.Local).Cls);
        }
        inputs.Add(studentCls);
        if (masked > 0)
            inputs.Add(studentPatches.flatten(0, 1).index_select(0, batch.MaskIndices));
        var studentOut = Student.Head.forward(cat(inputs));
        var localRows = localCrops * b;

        var dinoGlobal = DinoLossTerms.Global(studentOut.narrow(0, localRows, 2 * b), teacherCls, LocalCrops, mode, studentTemp)
            .mul(config.Dino.LossWeight);
        var total = dinoGlobal;
        Tensor? dinoLocal = null, koleo = null, ibot = null;
        if (localCrops > 0)
        {
            dinoLocal = DinoLossTerms.Local(studentOut.narrow(0, 0, localRows), teacherCls, LocalCrops, mode, studentTemp)
                .mul(config.Dino.LossWeight);
            total = total + dinoLocal;
        }
        if (config.Dino.KoleoLossWeight > 0)
        {
            var halves = studentCls.chunk(2); // never pairs the two crops of one image
            koleo = (KoLeoLoss.Forward(halves[0]) + KoLeoLoss.Forward(halves[1])).mul(config.Dino.KoleoLossWeight);
            total = total + koleo;
        }
        if (DoIbot)
        {
            ibot = masked > 0
                ? IbotPatchLoss.Forward(studentOut.narrow(0, localRows + 2 * b, masked), teacherPatches, batch.MasksWeight, 2L * b, studentTemp)
                    .mul(config.Ibot.LossWeight)
                : zeros(1).sum();
            total = total + ibot;
        }
        total.backward();

        using var noGrad2 = no_grad();
        return new StepLosses(
            Total: total.item<float>(),
            DinoGlobal: dinoGlobal.item<float>(),
            DinoLocal: dinoLocal?.item<float>() ?? 0,
            Ibot: ibot?.item<float>() ?? 0,
            Koleo: koleo?.item<float>() ?? 0,
            TeacherEntropy: Entropy(teacherCls).mean().item<float>(),
            TeacherMarginalEntropy: Entropy(teacherCls.mean([0], keepdim: true)).item<float>(),
            StudentClsStd: studentCls.detach().std(0).mean().item<float>(),
            MaskedPatches: masked);
    }

    private static Tensor Entropy(Tensor p) => p.clamp_min(1e-12).log().mul(p).sum(-1).neg();

    private Tensor Center(Tensor logits, double temp, long? samples, RunningCenter? center) =>
        center is null ? SinkhornKnopp.Targets(logits, temp, samples: samples) : center.Targets(logits, temp);

    /// <summary>teacher = m teacher + (1 - m) student, over every parameter of backbone and head.</summary>
    public void UpdateTeacher(double momentum)
    {
        using var noGrad = no_grad();
        foreach (var ((_, t), (_, s)) in Teacher.named_parameters().Zip(Student.named_parameters()))
            t.mul_(momentum).add_(s, alpha: 1 - momentum);
    }

    public void Dispose()
    {
        dinoCenter?.Dispose();
        ibotCenter?.Dispose();
    }
}

/// <summary>The loss terms of one step as they enter the total, and diagnostics: the mean entropy
/// of the teacher's CLS targets and of their batch mean (ln K = uniform), the student CLS spread.</summary>
public sealed record StepLosses(double Total, double DinoGlobal, double DinoLocal, double Ibot, double Koleo,
    double TeacherEntropy, double TeacherMarginalEntropy, double StudentClsStd, long MaskedPatches)
{
    public bool IsFinite => double.IsFinite(Total) && double.IsFinite(DinoGlobal) && double.IsFinite(DinoLocal)
        && double.IsFinite(Ibot) && double.IsFinite(Koleo);

    /// <summary>The loss terms that are NaN or infinite, by their losses.csv column names.</summary>
    public IEnumerable<(string Name, double Value)> NonFiniteTerms() =>
        new[] { ("dino_global_loss", DinoGlobal), ("dino_local_loss", DinoLocal), ("ibot_loss", Ibot), ("koleo_loss", Koleo), ("total_loss", Total) }
            .Where(t => !double.IsFinite(t.Item2));
}
