using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>One drawn shape: its class, where it sits, how big and turned it is, and its colours.</summary>
/// <param name="Shape">Index into <see cref="SyntheticShapes.Names"/>.</param>
/// <param name="CentreX">Centre in pixels (pixel i covers [i, i + 1)).</param>
/// <param name="CentreY">Centre in pixels.</param>
/// <param name="Radius">Circumradius in pixels: every shape fits in the circle of this radius.</param>
/// <param name="Angle">Rotation in radians, counter-clockwise.</param>
public sealed record ShapeSpec(int Shape, double CentreX, double CentreY, double Radius, double Angle, byte[] Foreground, byte[] Background);

/// <summary>Synthetic images for a known-positive check of self-supervised training: one filled
/// shape (circle, triangle, square, star or cross) on a plain background, with random colours,
/// position, size and rotation, so that only the outline tells the classes apart and colour, place
/// and scale are nuisances that random features pick up. Image i of a seed is a pure function of
/// (seed, i): drawn from its own random stream and rendered with 4 x 4 samples per pixel (the
/// pixel is the coverage-weighted mix of the two colours).</summary>
public static class SyntheticShapes
{
    public static readonly IReadOnlyList<string> Names = ["circle", "triangle", "square", "star", "cross"];

    /// <summary>Samples per pixel side (16 per pixel) for the anti-aliased edge.</summary>
    public const int Supersampling = 4;

    /// <summary>The spec of image <paramref name="index"/> of <paramref name="seed"/> at <paramref name="size"/> pixels:
    /// shape uniform over the classes; circumradius U(0.2, 0.4) x size; centre uniform where the
    /// circumcircle stays inside; angle U(0, 2 pi); foreground and background uniform RGB, redrawn
    /// until their mean channel difference is at least 48 levels.</summary>
    public static ShapeSpec Draw(long seed, long index, int size)
    {
        var rng = SampleRandom.For(seed, index);
        var shape = Math.Min((int)(rng.NextDouble() * Names.Count), Names.Count - 1);
        var radius = rng.Uniform(0.2, 0.4) * size;
        var cx = rng.Uniform(radius, size - radius);
        var cy = rng.Uniform(radius, size - radius);
        var angle = rng.Uniform(0, 2 * Math.PI);
        byte[] fg, bg;
        do
        {
            fg = Colour(rng);
            bg = Colour(rng);
        }
        while (Math.Abs(fg[0] - bg[0]) + Math.Abs(fg[1] - bg[1]) + Math.Abs(fg[2] - bg[2]) < 3 * 48);
        return new ShapeSpec(shape, cx, cy, radius, angle, fg, bg);
    }

    private static byte[] Colour(IUniformSource rng) =>
        [(byte)rng.RandInt(0, 255), (byte)rng.RandInt(0, 255), (byte)rng.RandInt(0, 255)];

    /// <summary>The <paramref name="size"/> x <paramref name="size"/> image of <paramref name="spec"/>.</summary>
    public static RgbImage Render(ShapeSpec spec, int size)
    {
        var pixels = new byte[size * size * 3];
        var coverage = Coverage(spec, size);
        for (var i = 0; i < size * size; i++)
        {
            var a = coverage[i];
            for (var c = 0; c < 3; c++)
                pixels[3 * i + c] = (byte)Math.Round(a * spec.Foreground[c] + (1 - a) * spec.Background[c], MidpointRounding.ToEven);
        }
        return new RgbImage(size, size, pixels);
    }

    /// <summary>Per pixel, the share of its 4 x 4 sample points (at ((k + 0.5) / 4) inside the pixel) that the shape covers.</summary>
    public static double[] Coverage(ShapeSpec spec, int size)
    {
        var cos = Math.Cos(spec.Angle);
        var sin = Math.Sin(spec.Angle);
        var inside = Outline(spec.Shape);
        var result = new double[size * size];
        const int n = Supersampling;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var hits = 0;
                for (var sy = 0; sy < n; sy++)
                    for (var sx = 0; sx < n; sx++)
                    {
                        var dx = (x + (sx + 0.5) / n - spec.CentreX) / spec.Radius;
                        var dy = (y + (sy + 0.5) / n - spec.CentreY) / spec.Radius;
                        // into the shape's own frame: rotate by -angle (y points down in images)
                        var u = cos * dx - sin * dy;
                        var v = sin * dx + cos * dy;
                        if (inside(u, v)) hits++;
                    }
                result[y * size + x] = hits / (double)(n * n);
            }
        return result;
    }

    /// <summary>The area of each shape at circumradius 1 (for tests and documentation).</summary>
    public static double UnitArea(int shape) => shape switch
    {
        0 => Math.PI,
        1 => 3 * Math.Sqrt(3) / 4,                       // equilateral triangle
        2 => 2.0,                                         // square, half side 1 / sqrt 2
        3 => 5 * StarInner * Math.Sin(Math.PI / 5),       // 10 triangles (centre, outer, inner) of area sin(36 deg) r / 2
        4 => 2 * (2 * CrossHalfWidth * 2 * CrossArm) - 4 * CrossHalfWidth * CrossHalfWidth,
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private const double StarInner = 0.45;     // inner radius of the five-pointed star
    private const double CrossArm = 0.95;      // half length of each bar of the cross
    private const double CrossHalfWidth = 0.3; // half width of each bar (circumradius sqrt(0.95^2 + 0.3^2) < 1)

    private static Func<double, double, bool> Outline(int shape) => shape switch
    {
        0 => (u, v) => u * u + v * v <= 1,
        1 => Polygon(RegularVertices(3, 1, 1)),
        2 => (u, v) => Math.Abs(u) <= Math.Sqrt(0.5) && Math.Abs(v) <= Math.Sqrt(0.5),
        3 => Polygon(StarVertices()),
        4 => (u, v) => (Math.Abs(u) <= CrossHalfWidth && Math.Abs(v) <= CrossArm) || (Math.Abs(v) <= CrossHalfWidth && Math.Abs(u) <= CrossArm),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    // Vertices of a regular n-gon of circumradius r, the first pointing up (v = -r).
    private static (double X, double Y)[] RegularVertices(int n, double r, int step) =>
        Enumerable.Range(0, n).Select(k => (r * Math.Sin(2 * Math.PI * k * step / n), -r * Math.Cos(2 * Math.PI * k * step / n))).ToArray();

    private static (double X, double Y)[] StarVertices() =>
        Enumerable.Range(0, 10).Select(k =>
        {
            var r = k % 2 == 0 ? 1.0 : StarInner;
            return (r * Math.Sin(Math.PI * k / 5), -r * Math.Cos(Math.PI * k / 5));
        }).ToArray();

    // Even-odd rule: a point is inside when a ray to +u crosses the outline an odd number of times.
    private static Func<double, double, bool> Polygon((double X, double Y)[] p) => (u, v) =>
    {
        var inside = false;
        for (int i = 0, j = p.Length - 1; i < p.Length; j = i++)
        {
            if ((p[i].Y > v) != (p[j].Y > v) && u < (p[j].X - p[i].X) * (v - p[i].Y) / (p[j].Y - p[i].Y) + p[i].X)
                inside = !inside;
        }
        return inside;
    };
}
