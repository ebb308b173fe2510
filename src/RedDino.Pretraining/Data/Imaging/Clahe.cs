namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.createCLAHE(clip, (8, 8)).apply on a one-channel 8-bit image, as OpenCV computes it.
/// Tiles: when the size is not a multiple of the grid in both directions, the image is padded
/// (BORDER_REFLECT_101) on the right and bottom by grid - size % grid, which adds a whole tile's
/// width on an axis that already divides, as OpenCV does. Per tile: a histogram clipped at
/// max(int(clip * tileArea / 256), 1), the excess spread evenly and the remainder one count at a
/// time from bin 0 in steps of max(256 / remainder, 1), then the cumulative sum scaled by
/// 255 / tileArea. Each pixel blends the four nearest tiles' tables bilinearly (float), rounded.</summary>
internal static class Clahe
{
    public static Raster Apply(Raster gray, double clipLimit, int tilesX = 8, int tilesY = 8)
    {
        if (gray.Channels != 1)
            throw new ArgumentException("CLAHE works on one channel");
        int w = gray.Width, h = gray.Height;
        int extW = w % tilesX == 0 && h % tilesY == 0 ? w : w + tilesX - w % tilesX;
        int extH = w % tilesX == 0 && h % tilesY == 0 ? h : h + tilesY - h % tilesY;
        int tileW = extW / tilesX, tileH = extH / tilesY, tileArea = tileW * tileH;
        var clip = clipLimit > 0 ? Math.Max((int)(clipLimit * tileArea / 256), 1) : 0;
        var lutScale = 255f / tileArea;

        // [tilesY * tilesX][256] tables.
        var luts = new byte[tilesX * tilesY][];
        var hist = new int[256];
        for (var ty = 0; ty < tilesY; ty++)
            for (var tx = 0; tx < tilesX; tx++)
            {
                Array.Clear(hist);
                for (var y = ty * tileH; y < (ty + 1) * tileH; y++)
                {
                    var row = Border.Reflect101(y, h) * w;
                    for (var x = tx * tileW; x < (tx + 1) * tileW; x++)
                        hist[gray.Data[row + Border.Reflect101(x, w)]]++;
                }
                if (clip > 0) ClipAndRedistribute(hist, clip);
                var lut = new byte[256];
                var sum = 0;
                for (var i = 0; i < 256; i++)
                {
                    sum += hist[i];
                    lut[i] = Saturate.ToByte(sum * lutScale);
                }
                luts[ty * tilesX + tx] = lut;
            }

        var (x1, x2, xa) = Neighbours(w, tileW, tilesX);
        var dst = gray.Blank();
        for (var y = 0; y < h; y++)
        {
            var tyf = y * (1f / tileH) - 0.5f;
            var ty1 = (int)MathF.Floor(tyf);
            var ya = tyf - ty1;
            var ty2 = Math.Min(ty1 + 1, tilesY - 1);
            ty1 = Math.Max(ty1, 0);
            for (var x = 0; x < w; x++)
            {
                var v = gray.Data[y * w + x];
                var top = luts[ty1 * tilesX + x1[x]][v] * (1 - xa[x]) + luts[ty1 * tilesX + x2[x]][v] * xa[x];
                var bottom = luts[ty2 * tilesX + x1[x]][v] * (1 - xa[x]) + luts[ty2 * tilesX + x2[x]][v] * xa[x];
                dst.Data[y * w + x] = Saturate.ToByte(top * (1 - ya) + bottom * ya);
            }
        }
        return dst;
    }

    private static void ClipAndRedistribute(int[] hist, int clip)
    {
        var clipped = 0;
        for (var i = 0; i < 256; i++)
            if (hist[i] > clip)
            {
                clipped += hist[i] - clip;
                hist[i] = clip;
            }
        int batch = clipped / 256, residual = clipped - batch * 256;
        for (var i = 0; i < 256; i++) hist[i] += batch;
        if (residual != 0)
        {
            var step = Math.Max(256 / residual, 1);
            for (var i = 0; i < 256 && residual > 0; i += step, residual--)
                hist[i]++;
        }
    }

    /// <summary>Per column: the left and right tile and the weight of the right one.</summary>
    private static (int[] Left, int[] Right, float[] Weight) Neighbours(int width, int tileW, int tilesX)
    {
        var left = new int[width];
        var right = new int[width];
        var weight = new float[width];
        for (var x = 0; x < width; x++)
        {
            var txf = x * (1f / tileW) - 0.5f;
            var t1 = (int)MathF.Floor(txf);
            weight[x] = txf - t1;
            right[x] = Math.Min(t1 + 1, tilesX - 1);
            left[x] = Math.Max(t1, 0);
        }
        return (left, right, weight);
    }
}
