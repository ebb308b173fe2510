using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>cv2.warpAffine(src, M, (w, h), flags=INTER_LINEAR, borderMode=BORDER_REFLECT_101) on an
/// 8-bit RGB image, with OpenCV's integer arithmetic (imgwarp.cpp, OpenCV 4.x): the forward matrix is
/// inverted in double; source coordinates are fixed point with 10 fractional bits, rounded to 1/32 of
/// a pixel; the four bilinear weights are products of those 1/32 steps scaled to 2^15; the sum is
/// rounded by (s + 2^14) >> 15. Taps outside the image are reflected without repeating the edge
/// (dcb|abcd|cba). The result equals OpenCV's byte for byte (tested against cv2 4.6).</summary>
public static class AffineWarp
{
    private const int AbBits = 10;          // fixed-point bits of the mapped coordinates
    private const int InterBits = 5;        // sub-pixel resolution: 1/32 pixel
    private const int InterTabSize = 1 << InterBits;
    private const int CoefBits = 15;        // bilinear weights sum to 2^15

    /// <summary>albumentations 1.3's rotate: about the centre (w/2 - 0.5, h/2 - 0.5), counter-clockwise
    /// by <paramref name="degrees"/> (cv2.getRotationMatrix2D), same size, bilinear, reflect-101.</summary>
    public static RgbImage Rotate(RgbImage src, double degrees)
    {
        var cx = src.Width / 2.0 - 0.5;
        var cy = src.Height / 2.0 - 0.5;
        var angle = degrees * Math.PI / 180;
        var alpha = Math.Cos(angle);
        var beta = Math.Sin(angle);
        double[] m = [alpha, beta, (1 - alpha) * cx - beta * cy, -beta, alpha, beta * cx + (1 - alpha) * cy];
        return Warp(src, m, src.Width, src.Height);
    }

    /// <summary>The warp by the forward 2 x 3 matrix <paramref name="forward"/> (row-major) into a
    /// <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static RgbImage Warp(RgbImage src, double[] forward, int width, int height)
    {
        if (forward.Length != 6) throw new ArgumentException("an affine matrix has 6 entries", nameof(forward));
        var m = Invert(forward);
        const int abScale = 1 << AbBits;
        const int roundDelta = abScale / InterTabSize / 2;
        var aDelta = new int[width];
        var bDelta = new int[width];
        for (var x = 0; x < width; x++)
        {
            aDelta[x] = Round(m[0] * x * abScale);
            bDelta[x] = Round(m[3] * x * abScale);
        }
        var dst = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var x0 = Round((m[1] * y + m[2]) * abScale) + roundDelta;
            var y0 = Round((m[4] * y + m[5]) * abScale) + roundDelta;
            for (var x = 0; x < width; x++)
            {
                var fx = (x0 + aDelta[x]) >> (AbBits - InterBits); // source x in 1/32 pixels
                var fy = (y0 + bDelta[x]) >> (AbBits - InterBits);
                Sample(src, fx >> InterBits, fy >> InterBits, fx & (InterTabSize - 1), fy & (InterTabSize - 1), dst, (y * width + x) * 3);
            }
        }
        return new RgbImage(width, height, dst);
    }

    // One output pixel from the 2 x 2 taps at (sx, sy)..(sx + 1, sy + 1) with sub-pixel offsets
    // (ax, ay) in 1/32: weights (32 - ax)(32 - ay), ax(32 - ay), (32 - ax)ay, ax ay, each x 32 (sum 2^15).
    private static void Sample(RgbImage src, int sx, int sy, int ax, int ay, byte[] dst, int at)
    {
        int w00 = (InterTabSize - ax) * (InterTabSize - ay) * 32, w01 = ax * (InterTabSize - ay) * 32;
        int w10 = (InterTabSize - ax) * ay * 32, w11 = ax * ay * 32;
        int xa = Border.Reflect101(sx, src.Width), xb = Border.Reflect101(sx + 1, src.Width);
        int ya = Border.Reflect101(sy, src.Height), yb = Border.Reflect101(sy + 1, src.Height);
        var p = src.Pixels;
        int r0 = ya * src.Stride, r1 = yb * src.Stride;
        for (var c = 0; c < 3; c++)
        {
            var sum = p[r0 + xa * 3 + c] * w00 + p[r0 + xb * 3 + c] * w01 + p[r1 + xa * 3 + c] * w10 + p[r1 + xb * 3 + c] * w11;
            dst[at + c] = (byte)Math.Clamp((sum + (1 << (CoefBits - 1))) >> CoefBits, 0, 255);
        }
    }

    // cv::warpAffine without WARP_INVERSE_MAP: the inverse of [A | b] as OpenCV computes it.
    private static double[] Invert(double[] f)
    {
        var d = f[0] * f[4] - f[1] * f[3];
        d = d != 0 ? 1.0 / d : 0;
        double a11 = f[4] * d, a22 = f[0] * d, a12 = f[1] * -d, a21 = f[3] * -d;
        var b1 = -a11 * f[2] - a12 * f[5];
        var b2 = -a21 * f[2] - a22 * f[5];
        return [a11, a12, b1, a21, a22, b2];
    }

    // saturate_cast<int>(double): cvRound, round half to even.
    private static int Round(double v) => (int)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
}
