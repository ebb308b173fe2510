namespace RedDino.Pretraining.Data.Imaging;

/// <summary>COLOR_RGB2Lab / COLOR_Lab2RGB for 8-bit images (CIE L*a*b*, D65 white, sRGB gamma), as
/// OpenCV defines them: L scaled to 0-255 (L * 255 / 100), a and b offset by 128. Computed in float
/// from OpenCV's constants; OpenCV itself uses lookup tables and fixed point for 8-bit images, so
/// a value can differ from it by a grey level (the tests state the tolerance).</summary>
internal static class LabConversion
{
    // sRGB -> XYZ (D65), each row divided by the white point's component (0.950456, 1, 1.088754).
    private static readonly float[] ToXyz =
    [
        0.412453f / 0.950456f, 0.357580f / 0.950456f, 0.180423f / 0.950456f,
        0.212671f, 0.715160f, 0.072169f,
        0.019334f / 1.088754f, 0.119193f / 1.088754f, 0.950227f / 1.088754f,
    ];

    // XYZ -> sRGB (D65), each column multiplied by the white point's component.
    private static readonly float[] FromXyz =
    [
        3.240479f * 0.950456f, -1.53715f, -0.498535f * 1.088754f,
        -0.969256f * 0.950456f, 1.875991f, 0.041556f * 1.088754f,
        0.055648f * 0.950456f, -0.204043f, 1.057311f * 1.088754f,
    ];

    private const float Threshold = 0.008856f;
    private const float Slope = 7.787f;
    private const float Offset = 16f / 116f;

    private static readonly float[] Linear = LinearTable();

    private static float[] LinearTable()
    {
        var t = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var x = i / 255.0;
            t[i] = (float)(x <= 0.04045 ? x / 12.92 : Math.Pow((x + 0.055) / 1.055, 2.4));
        }
        return t;
    }

    public static Raster RgbToLab(Raster rgb)
    {
        var lab = rgb.Blank();
        var s = rgb.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            float r = Linear[s[i]], g = Linear[s[i + 1]], b = Linear[s[i + 2]];
            var x = ToXyz[0] * r + ToXyz[1] * g + ToXyz[2] * b;
            var y = ToXyz[3] * r + ToXyz[4] * g + ToXyz[5] * b;
            var z = ToXyz[6] * r + ToXyz[7] * g + ToXyz[8] * b;
            float fx = F(x), fy = F(y), fz = F(z);
            var l = y > Threshold ? 116f * fy - 16f : 903.3f * y;
            lab.Data[i] = Saturate.ToByte(l * (255f / 100f));
            lab.Data[i + 1] = Saturate.ToByte(500f * (fx - fy) + 128f);
            lab.Data[i + 2] = Saturate.ToByte(200f * (fy - fz) + 128f);
        }
        return lab;
    }

    public static Raster LabToRgb(Raster lab)
    {
        var rgb = lab.Blank();
        var s = lab.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            float l = s[i] * (100f / 255f), a = s[i + 1] - 128f, b = s[i + 2] - 128f;
            float y, fy;
            if (l <= Threshold * 903.3f)
            {
                y = l / 903.3f;
                fy = Slope * y + Offset;
            }
            else
            {
                fy = (l + 16f) / 116f;
                y = fy * fy * fy;
            }
            float x = InverseF(a / 500f + fy), z = InverseF(fy - b / 200f);
            for (var k = 0; k < 3; k++)
            {
                var v = FromXyz[3 * k] * x + FromXyz[3 * k + 1] * y + FromXyz[3 * k + 2] * z;
                rgb.Data[i + k] = Saturate.ToByte(Gamma(Math.Clamp(v, 0f, 1f)) * 255f);
            }
        }
        return rgb;
    }

    private static float F(float t) => t > Threshold ? MathF.Cbrt(t) : Slope * t + Offset;

    private static float InverseF(float f) => f <= Slope * Threshold + Offset ? (f - Offset) / Slope : f * f * f;

    private static float Gamma(float v) => v <= 0.0031308f ? 12.92f * v : (float)(1.055 * Math.Pow(v, 1 / 2.4) - 0.055);
}
