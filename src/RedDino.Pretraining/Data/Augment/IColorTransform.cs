using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>One pixel-level transform of an RGB 8UC3 image. It returns a new Mat of the same size
/// and type (the caller disposes the input) and draws every random number from <c>rng</c>.</summary>
public interface IColorTransform
{
    string Name { get; }

    Mat Apply(Mat rgb, IUniformSource rng);
}

/// <summary>A transform from a name and a function.</summary>
public sealed class ColorTransform(string name, Func<Mat, IUniformSource, Mat> apply) : IColorTransform
{
    public string Name { get; } = name;

    public Mat Apply(Mat rgb, IUniformSource rng) => apply(rgb, rng);

    public override string ToString() => Name;
}
