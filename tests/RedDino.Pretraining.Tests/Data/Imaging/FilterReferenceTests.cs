using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>Blurs, median, filter2D and resize against OpenCV 4.6 (fixtures from
/// make_augmentation_fixtures.py) on a real 45 x 38 cell crop. Exact where OpenCV's integer
/// arithmetic is reproduced; within one grey level, on a stated share of the values, where OpenCV
/// quantises float kernels in ways of its own.</summary>
[TestClass]
public sealed class FilterReferenceTests
{
    private static Raster Cell => AugmentFixtures.Image("cell");

    [TestMethod]
    [DataRow(3)]
    [DataRow(5)]
    [DataRow(7)]
    public void SmallGaussianBoxAndMedianAreExact(int k)
    {
        ReferenceAssert.Bytes($"gaussian_k{k}", Blurs.Gaussian(Cell, k, 0));
        ReferenceAssert.Bytes($"box_k{k}", Blurs.Box(Cell, k, k));
        ReferenceAssert.Bytes($"median_k{k}", MedianFilter.Apply(Cell, k));
    }

    [TestMethod]
    public void GaussianWithSigmaIsWithinOneLevel()
    {
        // OpenCV rounds a sigma-given kernel to 8 fractional bits before filtering.
        ReferenceAssert.Bytes("gaussian_k9_s1.3", Blurs.Gaussian(Cell, 9, 1.3), maxAbs: 1, maxFraction: 0.005);
        ReferenceAssert.Bytes("gaussian_s0.7", Blurs.Gaussian(Cell, 0, 0.7), maxAbs: 1, maxFraction: 0.005);
        ReferenceAssert.Bytes("gaussian_gray_k5", Blurs.Gaussian(Cell.Channel(1), 5, 0));
    }

    [TestMethod]
    public void BoxOfEvenSizeIsAnchoredLeftOfCentre()
    {
        ReferenceAssert.Bytes("box_k12", Blurs.Box(Cell, 12, 12));
        // 4 x 4: OpenCV's 16-bit path rounds some exact halves down.
        ReferenceAssert.Bytes("box_k4", Blurs.Box(Cell, 4, 4), maxAbs: 1, maxFraction: 0.1);
    }

    [TestMethod]
    [DataRow("motion")]
    [DataRow("defocus")]
    [DataRow("emboss")]
    [DataRow("random11")]
    public void Filter2DMatchesWithinOneLevel(string kernel)
    {
        // Float sums; a motion kernel of n equal taps puts many values exactly on a half.
        ReferenceAssert.Bytes($"filter_{kernel}", Convolution.Filter2D(Cell, AugmentFixtures.Kernel($"filter_{kernel}_kernel")), maxAbs: 1, maxFraction: 0.1);
    }

    [TestMethod]
    public void DefocusKernelIsBlurredAsAFloatImage()
    {
        var gaussian = GaussianKernel.Create(3, 0.3);
        var smoothed = Convolution.Separable(AugmentFixtures.Floats("kernel_disc"), 17, 17, 1, gaussian, gaussian);
        ReferenceAssert.Floats("kernel_defocus", smoothed, 1e-7);
    }

    [TestMethod]
    [DataRow(24, 24)]
    [DataRow(64, 64)]
    [DataRow(19, 31)]
    [DataRow(90, 76)]
    public void ResizeMatchesOpenCv(int width, int height)
    {
        // OpenCV converts the last few pixels of a row with its scalar code, rounded differently.
        ReferenceAssert.Bytes($"resize_linear_{width}x{height}", Resize.Linear(Cell, width, height), maxAbs: 1, maxFraction: 0.005);
        ReferenceAssert.Bytes($"resize_cubic_{width}x{height}", Resize.Cubic(Cell, width, height), maxAbs: 1, maxFraction: 0.005);
    }

    [TestMethod]
    public void NearestDownscaleAndBackIsExact()
    {
        var small = Resize.NearestByFactor(Cell, 0.25);
        ReferenceAssert.Bytes("downscale_small", small);
        ReferenceAssert.Bytes("downscale", Resize.Nearest(small, Cell.Width, Cell.Height));
    }
}
