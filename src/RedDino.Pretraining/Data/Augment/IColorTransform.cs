using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>One pixel-level transform of an RGB image. It returns a new image of the same size
/// (the input is never changed) and draws every random number from <c>rng</c>.</summary>
public interface IColorTransform
{
    string Name { get; }

    RgbImage Apply(RgbImage rgb, IUniformSource rng);
}

/// <summary>A transform from a name and a function.</summary>
public sealed class ColorTransform(string name, Func<RgbImage, IUniformSource, RgbImage> apply) : IColorTransform
{
    public string Name { get; } = name;

    public RgbImage Apply(RgbImage rgb, IUniformSource rng) => apply(rgb, rng);

    public override string ToString() => Name;
}
