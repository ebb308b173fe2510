using RedDino.Formats.Imaging;
using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>Makes the views of one image: per crop a RandomResizedCrop, then the configured colour
/// pipeline, then normalisation. Every draw comes from the sample's own generator, so the views
/// depend only on (seed, iteration, sample) and never on thread timing.</summary>
public sealed class CropAugmenter
{
    private readonly CropsConfig crops;
    private readonly AugmentationConfig augmentation;
    private readonly IColorPipeline pipeline;
    private readonly ViewInvariances invariances;
    private readonly long invarianceWarmup;

    /// <param name="invarianceWarmupIterations">Iterations over which the view invariances ramp up
    /// (augmentation.invariance_warmup_epochs; 0 = full strength from the start).</param>
    public CropAugmenter(CropsConfig crops, AugmentationConfig augmentation, long invarianceWarmupIterations = 0)
    {
        invarianceWarmup = invarianceWarmupIterations;
        this.crops = crops;
        this.augmentation = augmentation;
        pipeline = augmentation.Pipeline switch
        {
            AugmentationPipeline.Rbc => new RbcPipeline(augmentation),
            AugmentationPipeline.Dinov2 => new Dinov2Pipeline(),
            _ => new NoColorPipeline(),
        };
        invariances = new ViewInvariances(augmentation);
    }

    public int GlobalSize => crops.GlobalCropsSize;
    public int LocalSize => crops.LocalCropsSize;

    /// <summary>Views of <paramref name="image"/> (not modified).</summary>
    /// <param name="localCrops">How many local crops to make (0 when no loss term uses them).</param>
    /// <param name="iteration">The training iteration (sets the strength of the view invariances
    /// during their warmup); null for the full strength (the retrieval signal's views).</param>
    public SampleCrops Augment(RgbImage image, IUniformSource rng, int localCrops, long? iteration = null)
    {
        var strength = iteration is { } it ? ViewInvariances.Strength(it, invarianceWarmup) : 1;
        var global = new float[2][];
        for (var i = 0; i < 2; i++)
            global[i] = View(image, crops.GlobalCropsSize, (crops.GlobalCropsScale[0], crops.GlobalCropsScale[1]), CropKind.Global(i), rng, strength);
        var local = new float[localCrops][];
        for (var i = 0; i < localCrops; i++)
            local[i] = View(image, crops.LocalCropsSize, (crops.LocalCropsScale[0], crops.LocalCropsScale[1]), CropKind.Local, rng, strength);
        return new SampleCrops(global, local);
    }

    private float[] View(RgbImage image, int size, (double, double) scale, CropKind kind, IUniformSource rng, double strength)
    {
        var view = Geometry.RandomResizedCrop(image, size, scale, rng, pipeline.Interpolation, (crops.CropRatio[0], crops.CropRatio[1]));
        view = invariances.Rotate(view, rng, strength);
        view = pipeline.Apply(view, kind, rng);
        view = invariances.Recolour(view, rng, strength);
        var data = new float[3 * size * size];
        PixelTensor.Write(view, augmentation.Mean, augmentation.Std, data, 0);
        return data;
    }
}

/// <summary>Which view a colour pipeline is working on (DINOv2 treats the two global crops differently).</summary>
public readonly record struct CropKind(bool IsGlobal, int GlobalIndex)
{
    public static CropKind Global(int index) => new(true, index);
    public static readonly CropKind Local = new(false, -1);
}

/// <summary>The colour (and, for RedDino, flip) steps after the crop.</summary>
public interface IColorPipeline
{
    CropInterpolation Interpolation { get; }

    /// <summary>The transformed view (a new image, or <paramref name="view"/> itself when nothing applies).</summary>
    RgbImage Apply(RgbImage view, CropKind kind, IUniformSource rng);
}

/// <summary>Crops only (augmentation.pipeline "none").</summary>
public sealed class NoColorPipeline : IColorPipeline
{
    public CropInterpolation Interpolation => CropInterpolation.Linear;

    public RgbImage Apply(RgbImage view, CropKind kind, IUniformSource rng) => view;
}
