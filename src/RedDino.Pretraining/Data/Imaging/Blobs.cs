namespace RedDino.Pretraining.Data.Imaging;

/// <summary>One region found by <see cref="Blobs.Outer"/>: what cv2.findContours(RETR_EXTERNAL)
/// followed by contourArea, boundingRect and moments reports for its outer contour.</summary>
/// <param name="Area">Area of the contour polygon through the border pixels' centres (OpenCV's
/// contourArea: smaller than the pixel count by about half the perimeter).</param>
/// <param name="Left">Bounding box, left column.</param>
/// <param name="Top">Bounding box, top row.</param>
/// <param name="Width">Bounding box width.</param>
/// <param name="Height">Bounding box height.</param>
/// <param name="CentroidX">Centroid of the contour polygon (m10 / m00); NaN when the area is 0.</param>
/// <param name="CentroidY">m01 / m00; NaN when the area is 0.</param>
internal readonly record struct Blob(double Area, int Left, int Top, int Width, int Height, double CentroidX, double CentroidY);

/// <summary>The outer contours of a binary mask (non-zero = foreground, 8-connected), as
/// findContours(RETR_EXTERNAL) sees them: a region's holes do not count and regions inside a hole
/// belong to the region around it. Holes are filled first (background not 4-connected to the
/// outside), each 8-connected region is labelled, and its outer border is followed from its
/// top-left pixel with Suzuki and Abe's border following (OpenCV's), giving the polygon whose area
/// and moments OpenCV reports. Regions come in raster order of their top-left pixel.</summary>
internal static class Blobs
{
    // Chain-code directions: 0 right, then counter-clockwise on screen (y grows downwards).
    private static readonly int[] StepX = [1, 1, 0, -1, -1, -1, 0, 1];
    private static readonly int[] StepY = [0, -1, -1, -1, 0, 1, 1, 1];

    public static List<Blob> Outer(Raster mask)
    {
        if (mask.Channels != 1)
            throw new ArgumentException("contours need a one-channel mask");
        int w = mask.Width, h = mask.Height;
        var filled = FillHoles(mask);
        var label = new int[w * h];
        var blobs = new List<Blob>();
        var stack = new Stack<int>();
        for (var i = 0; i < filled.Length; i++)
        {
            if (!filled[i] || label[i] != 0) continue;
            // Mark the whole region so its other pixels start no new contour.
            var id = blobs.Count + 1;
            label[i] = id;
            stack.Push(i);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int px = p % w, py = p / w;
                for (var d = 0; d < 8; d++)
                {
                    int nx = px + StepX[d], ny = py + StepY[d];
                    if ((uint)nx >= (uint)w || (uint)ny >= (uint)h) continue;
                    var n = ny * w + nx;
                    if (filled[n] && label[n] == 0)
                    {
                        label[n] = id;
                        stack.Push(n);
                    }
                }
            }
            blobs.Add(Measure(Follow(filled, w, h, i % w, i / w)));
        }
        return blobs;
    }

    /// <summary>Foreground plus every background pixel that cannot reach the image border through
    /// 4-connected background (the dual of 8-connected foreground).</summary>
    private static bool[] FillHoles(Raster mask)
    {
        int w = mask.Width, h = mask.Height;
        var outside = new bool[w * h];
        var stack = new Stack<int>();
        void Seed(int x, int y)
        {
            var i = y * w + x;
            if (mask.Data[i] == 0 && !outside[i]) { outside[i] = true; stack.Push(i); }
        }
        for (var x = 0; x < w; x++) { Seed(x, 0); Seed(x, h - 1); }
        for (var y = 0; y < h; y++) { Seed(0, y); Seed(w - 1, y); }
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            int px = p % w, py = p / w;
            if (px > 0) Seed(px - 1, py);
            if (px < w - 1) Seed(px + 1, py);
            if (py > 0) Seed(px, py - 1);
            if (py < h - 1) Seed(px, py + 1);
        }
        var filled = new bool[w * h];
        for (var i = 0; i < filled.Length; i++)
            filled[i] = mask.Data[i] != 0 || !outside[i];
        return filled;
    }

    /// <summary>The outer border of the region whose top-left pixel is (x0, y0), as a closed list of
    /// pixel positions (Suzuki-Abe: find the first neighbour clockwise from the left, then walk
    /// counter-clockwise until the first step repeats).</summary>
    private static List<(int X, int Y)> Follow(bool[] filled, int w, int h, int x0, int y0)
    {
        bool Set(int x, int y) => (uint)x < (uint)w && (uint)y < (uint)h && filled[y * w + x];
        var points = new List<(int, int)> { (x0, y0) };
        int s = 4, first = -1;
        for (var k = 0; k < 7; k++)
        {
            s = (s + 7) & 7; // clockwise
            if (Set(x0 + StepX[s], y0 + StepY[s])) { first = s; break; }
        }
        if (first < 0) return points; // a single pixel
        int x1 = x0 + StepX[first], y1 = y0 + StepY[first];
        int x3 = x0, y3 = y0;
        s = first;
        points.Clear();
        while (true)
        {
            // Counter-clockwise from the direction after the previous pixel.
            int x4 = 0, y4 = 0;
            for (var k = 1; k <= 8; k++)
            {
                var d = (s + k) & 7;
                if (Set(x3 + StepX[d], y3 + StepY[d]))
                {
                    s = d;
                    x4 = x3 + StepX[d];
                    y4 = y3 + StepY[d];
                    break;
                }
            }
            points.Add((x3, y3));
            if (x4 == x0 && y4 == y0 && x3 == x1 && y3 == y1) break;
            (x3, y3) = (x4, y4);
            s = (s + 4) & 7; // back towards the pixel we came from
        }
        return points;
    }

    /// <summary>contourArea, boundingRect and the centroid of moments() for a closed polygon.</summary>
    private static Blob Measure(List<(int X, int Y)> points)
    {
        double a00 = 0, a10 = 0, a01 = 0;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        var (px, py) = points[^1];
        foreach (var (x, y) in points)
        {
            double cross = (double)px * y - (double)x * py;
            a00 += cross;
            a10 += cross * (px + x);
            a01 += cross * (py + y);
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            (px, py) = (x, y);
        }
        // Green's theorem: m00 = a00 / 2, m10 = a10 / 6, m01 = a01 / 6 (the sign cancels in the centroid).
        var centroidX = a00 == 0 ? double.NaN : a10 / (3 * a00);
        var centroidY = a00 == 0 ? double.NaN : a01 / (3 * a00);
        return new Blob(Math.Abs(a00) / 2, minX, minY, maxX - minX + 1, maxY - minY + 1, centroidX, centroidY);
    }
}
