namespace RedDino.Pretraining.Data.Imaging;

/// <summary>COLOR_RGB2Lab / COLOR_Lab2RGB for 8-bit images (CIE L*a*b*, D65 white, sRGB gamma), as
/// OpenCV defines them: L scaled to 0-255 (L * 255 / 100), a and b offset by 128. RGB -> Lab is
/// OpenCV's bit-exact integer path (a 3-bit gamma table, 12-bit XYZ coefficients, a 15-bit cube-root
/// table); Lab -> RGB is computed in float from OpenCV's constants, where OpenCV uses its own
/// fixed-point tables, so a value can differ from it by a grey level (the tests state it).</summary>
internal static class LabConversion
{
    // sRGB -> XYZ (D65) rows and the D65 white point.
    private static readonly float[] SrgbToXyz = [0.412453f, 0.357580f, 0.180423f, 0.212671f, 0.715160f, 0.072169f, 0.019334f, 0.119193f, 0.950227f];
    private static readonly float[] WhitePoint = [0.950456f, 1f, 1.088754f];

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

    // Integer path: linear light in 1/8 steps of 255 ([256] -> 0..2040), XYZ / white in 12 bits,
    // f(t) = cbrt(t) (or its linear toe) in 15 bits over [0, 1.5) in 1/2040 steps.
    private const int XyzShift = 12, LabShift = 15;
    private static readonly int[] GammaTable = Table(256, i => 2040f * ToLinear(i * (1f / 255f)));
    private static readonly int[] CubeRootTable = Table(3072, i =>
    {
        var x = i * (1f / (255f * 8));
        return (1 << LabShift) * (x < Threshold ? x * Slope + 0.13793103448275862f : MathF.Cbrt(x));
    });
    private static readonly int[] XyzCoefficients = Enumerable.Range(0, 9)
        .Select(k => (int)MathF.Round((1 << XyzShift) / WhitePoint[k / 3] * SrgbToXyz[k])).ToArray();

    private static int[] Table(int size, Func<int, float> f)
    {
        var t = new int[size];
        for (var i = 0; i < size; i++) t[i] = Math.Clamp((int)MathF.Round(f(i)), 0, ushort.MaxValue);
        return t;
    }

    private static float ToLinear(float x) => x <= 0.04045f ? x * (1f / 12.92f) : (float)Math.Pow((x + 0.055) * (1 / 1.055), 2.4);

    private static int Descale(int v, int n) => (v + (1 << (n - 1))) >> n;

    public static Raster RgbToLab(Raster rgb)
    {
        const int lScale = (116 * 255 + 50) / 100;
        const int lShift = -((16 * 255 * (1 << LabShift) + 50) / 100);
        var c = XyzCoefficients;
        var lab = rgb.Blank();
        var s = rgb.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            int r = GammaTable[s[i]], g = GammaTable[s[i + 1]], b = GammaTable[s[i + 2]];
            var fx = CubeRootTable[Descale(r * c[0] + g * c[1] + b * c[2], XyzShift)];
            var fy = CubeRootTable[Descale(r * c[3] + g * c[4] + b * c[5], XyzShift)];
            var fz = CubeRootTable[Descale(r * c[6] + g * c[7] + b * c[8], XyzShift)];
            lab.Data[i] = Saturate.ToByte(Descale(lScale * fy + lShift, LabShift));
            lab.Data[i + 1] = Saturate.ToByte(Descale(500 * (fx - fy) + 128 * (1 << LabShift), LabShift));
            lab.Data[i + 2] = Saturate.ToByte(Descale(200 * (fy - fz) + 128 * (1 << LabShift), LabShift));
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
                rgb.Data[i + k] = Encode(FromXyz[3 * k] * x + FromXyz[3 * k + 1] * y + FromXyz[3 * k + 2] * z);
        }
        return rgb;
    }

    private static float InverseF(float f) => f <= Slope * Threshold + Offset ? (f - Offset) / Slope : f * f * f;

    private static float Gamma(double v) => (float)(v <= 0.0031308 ? 12.92 * v : 1.055 * Math.Pow(v, 1 / 2.4) - 0.055);

    // Linear light at which the encoded byte steps from b to b + 1: where 255 gamma(v) = b + 0.5.
    private static readonly float[] EncodeSteps = Enumerable.Range(0, 255).Select(b =>
    {
        double lo = 0, hi = 1, target = (b + 0.5) / 255;
        for (var it = 0; it < 60; it++)
        {
            var mid = (lo + hi) / 2;
            if (Gamma(mid) < target) lo = mid; else hi = mid;
        }
        return (float)hi;
    }).ToArray();

    // The first candidate byte for linear values in [i / 4096, (i + 1) / 4096).
    private static readonly byte[] EncodeStart = Enumerable.Range(0, 4097).Select(i => CountSteps(i / 4096f)).ToArray();

    private static byte CountSteps(float v)
    {
        var b = 0;
        while (b < EncodeSteps.Length && EncodeSteps[b] <= v) b++;
        return (byte)b;
    }

    /// <summary>round(255 gamma(clip(v, 0, 1))) as the number of steps at or below v: a table
    /// lookup and a step or two instead of a power per value.</summary>
    private static byte Encode(float v)
    {
        if (!(v > 0)) return 0;
        if (v >= 1) return 255;
        int b = EncodeStart[(int)(v * 4096f)];
        while (b < EncodeSteps.Length && EncodeSteps[b] <= v) b++;
        return (byte)b;
    }
}
