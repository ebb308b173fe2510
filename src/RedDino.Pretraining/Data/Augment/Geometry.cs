using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>The geometric steps of both pipelines: RandomResizedCrop (torchvision/albumentations
/// get_params: ten tries of area U(scale) x aspect log-U(ratio), else a centre crop), flips and rot90.</summary>
public static class Geometry
{
    public static readonly (double Min, double Max) DefaultRatio = (3.0 / 4.0, 4.0 / 3.0);

    /// <summary>The crop box of RandomResizedCrop for a W x H image.</summary>
    public static Rect CropBox(int width, int height, (double Min, double Max) scale, (double Min, double Max) ratio, IUniformSource rng)
    {
        double area = width * height;
        var logMin = Math.Log(ratio.Min);
        var logMax = Math.Log(ratio.Max);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * rng.Uniform(scale.Min, scale.Max);
            var aspect = Math.Exp(rng.Uniform(logMin, logMax));
            var w = (int)Math.Round(Math.Sqrt(target * aspect));
            var h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = rng.RandInt(0, height - h);
                var left = rng.RandInt(0, width - w);
                return new Rect(left, top, w, h);
            }
        }
        var inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < ratio.Min) ch = (int)Math.Round(cw / ratio.Min);
        else if (inRatio > ratio.Max) cw = (int)Math.Round(ch * ratio.Max);
        return new Rect((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    /// <summary>RandomResizedCrop to size x size (a new Mat).</summary>
    public static Mat RandomResizedCrop(Mat src, int size, (double Min, double Max) scale, IUniformSource rng,
        InterpolationFlags interpolation = InterpolationFlags.Linear, (double Min, double Max)? ratio = null)
    {
        var box = CropBox(src.Width, src.Height, scale, ratio ?? DefaultRatio, rng);
        using var crop = src[box];
        var dst = new Mat();
        Cv2.Resize(crop, dst, new Size(size, size), 0, 0, interpolation);
        return dst;
    }

    public static Mat HorizontalFlip(Mat src)
    {
        var dst = new Mat();
        Cv2.Flip(src, dst, FlipMode.Y);
        return dst;
    }

    public static Mat VerticalFlip(Mat src)
    {
        var dst = new Mat();
        Cv2.Flip(src, dst, FlipMode.X);
        return dst;
    }

    /// <summary>numpy.rot90(img, k): k quarter turns counter-clockwise (k = 0 keeps the image).</summary>
    public static Mat Rotate90(Mat src, int k)
    {
        var dst = new Mat();
        switch (((k % 4) + 4) % 4)
        {
            case 1: Cv2.Rotate(src, dst, RotateFlags.Rotate90Counterclockwise); break;
            case 2: Cv2.Rotate(src, dst, RotateFlags.Rotate180); break;
            case 3: Cv2.Rotate(src, dst, RotateFlags.Rotate90Clockwise); break;
            default: src.CopyTo(dst); break;
        }
        return dst;
    }

    /// <summary>Replaces <paramref name="image"/> by f(image), disposing the old Mat.</summary>
    public static void Replace(ref Mat image, Func<Mat, Mat> f)
    {
        var next = f(image);
        if (!ReferenceEquals(next, image))
            image.Dispose();
        image = next;
    }
}
