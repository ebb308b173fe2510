using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>How a crop is resized to the view size: bilinear (albumentations, cv2.INTER_LINEAR) or
/// bicubic (torchvision's default in DINOv2, cv2.INTER_CUBIC).</summary>
public enum CropInterpolation
{
    Linear,
    Cubic,
}

/// <summary>The geometric steps of both pipelines: RandomResizedCrop (torchvision/albumentations
/// get_params: ten tries of area U(scale) x aspect log-U(ratio), else a centre crop), flips and rot90.</summary>
public static class Geometry
{
    public static readonly (double Min, double Max) DefaultRatio = (3.0 / 4.0, 4.0 / 3.0);

    /// <summary>The crop box of RandomResizedCrop for a W x H image (always inside the image).</summary>
    public static CropBox CropBox(int width, int height, (double Min, double Max) scale, (double Min, double Max) ratio, IUniformSource rng)
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
                return new CropBox(left, top, w, h);
            }
        }
        var inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < ratio.Min) ch = (int)Math.Round(cw / ratio.Min);
        else if (inRatio > ratio.Max) cw = (int)Math.Round(ch * ratio.Max);
        return new CropBox((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    /// <summary>RandomResizedCrop to size x size (a new image).</summary>
    public static RgbImage RandomResizedCrop(RgbImage src, int size, (double Min, double Max) scale, IUniformSource rng,
        CropInterpolation interpolation = CropInterpolation.Linear, (double Min, double Max)? ratio = null)
    {
        var box = CropBox(src.Width, src.Height, scale, ratio ?? DefaultRatio, rng);
        var crop = Transforms2D.Crop(src, box.X, box.Y, box.Width, box.Height);
        var resized = interpolation == CropInterpolation.Cubic ? Resize.Cubic(crop, size, size) : Resize.Linear(crop, size, size);
        return resized.ToRgb();
    }

    public static RgbImage HorizontalFlip(RgbImage src) => Transforms2D.FlipHorizontal(src).ToRgb();

    public static RgbImage VerticalFlip(RgbImage src) => Transforms2D.FlipVertical(src).ToRgb();

    /// <summary>numpy.rot90(img, k): k quarter turns counter-clockwise (k = 0 keeps the image).</summary>
    public static RgbImage Rotate90(RgbImage src, int k) => Transforms2D.Rotate90(src, k).ToRgb();
}
