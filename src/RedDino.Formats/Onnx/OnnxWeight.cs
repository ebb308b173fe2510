namespace RedDino.Formats.Onnx;

/// <summary>A float32 tensor given to a graph writer: its shape and a function that produces its values
/// (row-major), called once while the file is written, so that a large model is streamed weight by
/// weight instead of being held twice in memory.</summary>
/// <param name="Shape">Dimensions, e.g. [D, 3, p, p] for the patch convolution.</param>
/// <param name="Values">Row-major values, as many as the shape holds.</param>
public sealed record OnnxWeight(long[] Shape, Func<float[]> Values)
{
    /// <summary>A weight whose values are already in memory.</summary>
    public static OnnxWeight Of(long[] shape, float[] values) => new(shape, () => values);
}
