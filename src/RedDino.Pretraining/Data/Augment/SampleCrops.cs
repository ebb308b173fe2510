namespace RedDino.Pretraining.Data.Augment;

/// <summary>The views of one training image, each a normalised float CHW array: two global crops
/// (size S) and L local crops (size s).</summary>
public sealed record SampleCrops(float[][] Global, float[][] Local);
