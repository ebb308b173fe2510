using RedDino.MLNet.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>cv2.cvtColor(RGB2GRAY) copied back into three channels (torchvision's RandomGrayscale,
/// albumentations' ToGray): OpenCV's 8-bit integer path, gray = (9798 R + 19235 G + 3735 B + 2^14) >> 15.</summary>
public static class Grayscale
{
    public static RgbImage Apply(RgbImage rgb)
    {
        var src = rgb.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            var g = (byte)((src[i] * 9798 + src[i + 1] * 19235 + src[i + 2] * 3735 + (1 << 14)) >> 15);
            dst[i] = dst[i + 1] = dst[i + 2] = g;
        }
        return new RgbImage(rgb.Width, rgb.Height, dst);
    }
}
