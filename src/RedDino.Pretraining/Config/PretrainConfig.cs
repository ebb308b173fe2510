using System.Text.Json.Serialization;
using RedDino.Pretraining.Losses;

namespace RedDino.Pretraining.Config;

// The typed view of the merged configuration. Names are the JSON keys in snake_case; the values
// below are only fallbacks for the deserialiser: the defaults live in pretrain-defaults.json
// (embedded), which states every setting and what it means.

/// <summary>The whole pretraining configuration, grouped like DINOv2's ssl_default_config.</summary>
public sealed record PretrainConfig
{
    public int FormatVersion { get; init; } = 1;
    public string Description { get; init; } = "";
    public StudentConfig Student { get; init; } = new();
    public TeacherConfig Teacher { get; init; } = new();
    public DinoConfig Dino { get; init; } = new();
    public IbotConfig Ibot { get; init; } = new();
    public TrainConfig Train { get; init; } = new();
    public OptimConfig Optim { get; init; } = new();
    public CropsConfig Crops { get; init; } = new();
    public DataConfig Data { get; init; } = new();
    public AugmentationConfig Augmentation { get; init; } = new();
    public EvalConfig Eval { get; init; } = new();

    /// <summary>Total scheduled iterations: optim.epochs x train.official_epoch_length.</summary>
    [JsonIgnore]
    public int TotalIterations => Optim.Epochs * Train.OfficialEpochLength;

    /// <summary>Iterations from a fractional epoch count (warmups, freezing).</summary>
    public int EpochsToIterations(double epochs) => (int)Math.Round(epochs * Train.OfficialEpochLength);
}

public sealed record StudentConfig
{
    public string Arch { get; init; } = "vits14";
    public int EmbedDim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int NumHeads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public int PatchSize { get; init; } = 14;
    public double Layerscale { get; init; } = 1e-5;
    public double DropPathRate { get; init; }
    public bool DropPathUniform { get; init; } = true;
    public string PretrainedWeights { get; init; } = "";
    public bool RequirePretrainedWeights { get; init; }
}

public sealed record TeacherConfig
{
    public double MomentumTeacher { get; init; } = 0.994;
    public double FinalMomentumTeacher { get; init; } = 1.0;
    public double WarmupTeacherTemp { get; init; } = 0.04;
    public double TeacherTemp { get; init; } = 0.07;
    public double WarmupTeacherTempEpochs { get; init; } = 30;
}

public sealed record DinoConfig
{
    public double LossWeight { get; init; } = 1.0;
    public int HeadNPrototypes { get; init; } = 131072;
    public int HeadBottleneckDim { get; init; } = 256;
    public int HeadNlayers { get; init; } = 3;
    public int HeadHiddenDim { get; init; } = 2048;
    public double KoleoLossWeight { get; init; }
    public double StudentTemp { get; init; } = 0.1;
    public double CenterMomentum { get; init; } = 0.9;
    public DinoNormalisation LossNormalisation { get; init; } = DinoNormalisation.Reference;
}

public sealed record IbotConfig
{
    public double LossWeight { get; init; } = 1.0;
    public double MaskSampleProbability { get; init; } = 0.5;
    public double[] MaskRatioMinMax { get; init; } = [0.1, 0.5];
    public int MaskMinPatchesPerBlock { get; init; } = 4;
    public double MaskMinAspect { get; init; } = 0.3;
}

public enum Centering
{
    SinkhornKnopp,
    Centering,
}

public sealed record TrainConfig
{
    public int BatchSize { get; init; } = 280;
    public int OfficialEpochLength { get; init; } = 3200;
    public Centering Centering { get; init; } = Centering.SinkhornKnopp;
    public long Seed { get; init; }
    public int NumWorkers { get; init; } = 2;
    public int PrefetchBatches { get; init; } = 2;
    public int TorchThreads { get; init; }
    public int CheckpointEvery { get; init; } = 500;
    public int LogEvery { get; init; } = 10;
}

public enum LrScalingRule
{
    [JsonStringEnumMemberName("sqrt_wrt_1024")] SqrtWrt1024,
    [JsonStringEnumMemberName("linear_wrt_256")] LinearWrt256,
    [JsonStringEnumMemberName("none")] None,
}

public sealed record OptimConfig
{
    public int Epochs { get; init; } = 10;
    public double BaseLr { get; init; } = 2e-4;
    public LrScalingRule ScalingRule { get; init; } = LrScalingRule.SqrtWrt1024;
    public double MinLr { get; init; } = 1e-6;
    public double WarmupEpochs { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.04;
    public double WeightDecayEnd { get; init; } = 0.2;
    public double ClipGrad { get; init; } = 3.0;
    public double FreezeLastLayerEpochs { get; init; }
    public double PatchEmbedLrMult { get; init; } = 0.2;
    public double LayerwiseDecay { get; init; } = 1.0;
    public double AdamwBeta1 { get; init; } = 0.9;
    public double AdamwBeta2 { get; init; } = 0.999;

    /// <summary>The peak learning rate after the scaling rule (DINOv2 apply_scaling_rules_to_cfg).</summary>
    public double ScaledLr(int batchSize) => ScalingRule switch
    {
        LrScalingRule.SqrtWrt1024 => BaseLr * Math.Sqrt(batchSize / 1024.0),
        LrScalingRule.LinearWrt256 => BaseLr * batchSize / 256.0,
        _ => BaseLr,
    };
}

public sealed record CropsConfig
{
    public double[] GlobalCropsScale { get; init; } = [0.32, 1.0];
    public int GlobalCropsSize { get; init; } = 224;
    public int LocalCropsNumber { get; init; } = 1;
    public double[] LocalCropsScale { get; init; } = [0.05, 0.32];
    public int LocalCropsSize { get; init; } = 98;
    public double[] CropRatio { get; init; } = [0.75, 4.0 / 3.0];
}

public enum DataSource
{
    SmearPatches,
    SmearCells,
    CellCrops,
    SyntheticShapes,
}

public sealed record DataConfig
{
    public DataSource Source { get; init; } = DataSource.SmearPatches;
    public string Images { get; init; } = "";
    public int PatchSize { get; init; } = 224;
    public int CellCropSize { get; init; } = 80;
    public int CellMinArea { get; init; } = 700;
    public int CellMaxArea { get; init; } = 2600;
    public string[] ExcludeLists { get; init; } = [];
    public string Manifest { get; init; } = "";
    public string DataRoot { get; init; } = "";
    public int SyntheticCount { get; init; } = 20000;
    public int SyntheticSize { get; init; } = 64;
    public long SyntheticSeed { get; init; }
}

public enum AugmentationPipeline
{
    Rbc,
    Dinov2,
    None,
}

public sealed record AugmentationConfig
{
    public AugmentationPipeline Pipeline { get; init; } = AugmentationPipeline.Rbc;
    public int TransformsPerCrop { get; init; } = 4;
    public double FlipProbability { get; init; } = 0.85;
    public string[] RbcTransforms { get; init; } = [];
    public double RotationLimit { get; init; }
    public double ColorJitterProbability { get; init; }
    public double[] ColorJitter { get; init; } = [0.4, 0.4, 0.2, 0.1];
    public double GrayscaleProbability { get; init; }
    public double InvarianceWarmupEpochs { get; init; }
    public double[] Mean { get; init; } = [0.485, 0.456, 0.406];
    public double[] Std { get; init; } = [0.229, 0.224, 0.225];
}

public sealed record EvalConfig
{
    public int RetrievalImages { get; init; } = 256;
    public string RetrievalManifest { get; init; } = "";
    public string RetrievalDataRoot { get; init; } = "";
    public long RetrievalSeed { get; init; }
    public int RetrievalBatchSize { get; init; } = 64;
}
