namespace RedDino.Pretraining.Data.Imaging;

/// <summary>OpenCV's saturate_cast to uint8: round half to even (cvRound), then clip to [0, 255].
/// A NaN becomes 0.</summary>
internal static class Saturate
{
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v), 0f, 255f);

    public static byte ToByte(double v) => double.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(Math.Round(v), 0.0, 255.0);

    public static byte ToByte(int v) => (byte)Math.Clamp(v, 0, 255);
}
