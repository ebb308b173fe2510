namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Histogram-based operations on one-channel 8-bit images, as OpenCV defines them:
/// equalizeHist and Otsu's threshold.</summary>
internal static class Histogram
{
    public static int[] Count(ReadOnlySpan<byte> values)
    {
        var h = new int[256];
        foreach (var v in values) h[v]++;
        return h;
    }

    /// <summary>cv2.equalizeHist: the cumulative histogram, starting after the darkest value that
    /// occurs, stretched to 0-255 (float scale, rounded); a constant image keeps its value.</summary>
    public static Raster Equalize(Raster gray)
    {
        var hist = Count(gray.Data);
        var first = 0;
        while (hist[first] == 0) first++;
        var total = gray.Data.Length;
        var lut = new byte[256];
        if (hist[first] == total)
        {
            Array.Fill(lut, (byte)first);
        }
        else
        {
            var scale = 255f / (total - hist[first]);
            var sum = 0;
            for (var i = first + 1; i < 256; i++)
            {
                sum += hist[i];
                lut[i] = Saturate.ToByte(sum * scale);
            }
        }
        return Lut.Apply(gray, lut);
    }

    /// <summary>Otsu's threshold (OpenCV's getThreshVal_Otsu_8u): the value t maximising the
    /// between-class variance of {v &lt;= t} and {v &gt; t}; the first maximum wins.</summary>
    public static int OtsuThreshold(ReadOnlySpan<byte> values)
    {
        var hist = Count(values);
        var scale = 1.0 / values.Length;
        double mu = 0;
        for (var i = 0; i < 256; i++) mu += i * (double)hist[i];
        mu *= scale;
        double mu1 = 0, q1 = 0, maxSigma = 0;
        var best = 0;
        for (var i = 0; i < 256; i++)
        {
            var p = hist[i] * scale;
            mu1 *= q1;
            q1 += p;
            var q2 = 1.0 - q1;
            if (Math.Min(q1, q2) < FloatEpsilon || Math.Max(q1, q2) > 1.0 - FloatEpsilon)
                continue;
            mu1 = (mu1 + i * p) / q1;
            var mu2 = (mu - q1 * mu1) / q2;
            var sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
            if (sigma > maxSigma)
            {
                maxSigma = sigma;
                best = i;
            }
        }
        return best;
    }

    private const double FloatEpsilon = 1.1920928955078125e-07; // C's FLT_EPSILON

    /// <summary>threshold(THRESH_BINARY_INV): 255 where v &lt;= t, else 0.</summary>
    public static Raster BinaryInverse(Raster gray, int threshold)
    {
        var dst = gray.Blank();
        for (var i = 0; i < gray.Data.Length; i++)
            dst.Data[i] = gray.Data[i] > threshold ? (byte)0 : (byte)255;
        return dst;
    }
}
