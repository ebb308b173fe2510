namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.fillPoly with LINE_8 and no sub-pixel shift, as OpenCV draws it: the outline of
/// every polygon is drawn with <see cref="LineRaster"/>, then all their non-horizontal edges are
/// filled together scanline by scanline by the even-odd rule (so where two polygons of one call
/// overlap, the overlap is left out, apart from the outlines). Edges hold x in 16.16 fixed point,
/// include their top row and exclude their bottom one; a span covers ceil(x_left) .. floor(x_right).</summary>
internal static class PolygonFill
{
    private const int Shift = 16;
    private const long One = 1L << Shift;

    private sealed class Edge
    {
        public int Y0, Y1;
        public long X, Dx;
    }

    public static void Fill(Raster image, IReadOnlyList<(int X, int Y)[]> polygons, ReadOnlySpan<byte> colour)
    {
        var edges = new List<Edge>();
        foreach (var polygon in polygons)
            for (var i = 0; i < polygon.Length; i++)
            {
                var (ax, ay) = polygon[i == 0 ? polygon.Length - 1 : i - 1];
                var (bx, by) = polygon[i];
                LineRaster.Draw(image, ax, ay, bx, by, colour);
                if (ay == by) continue;
                long x0 = (long)ax << Shift, x1 = (long)bx << Shift;
                edges.Add(ay < by
                    ? new Edge { Y0 = ay, Y1 = by, X = x0, Dx = (x1 - x0) / (by - ay) }
                    : new Edge { Y0 = by, Y1 = ay, X = x1, Dx = (x1 - x0) / (by - ay) });
            }
        if (edges.Count < 2) return;
        int yMin = edges.Min(e => e.Y0), yMax = Math.Min(edges.Max(e => e.Y1), image.Height);
        var crossings = new List<long>();
        for (var y = Math.Max(yMin, 0); y < yMax; y++)
        {
            crossings.Clear();
            foreach (var e in edges)
                if (e.Y0 <= y && y < e.Y1)
                    crossings.Add(e.X + (y - e.Y0) * e.Dx);
            crossings.Sort();
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                var left = (int)((crossings[k] + One - 1) >> Shift);
                var right = (int)(crossings[k + 1] >> Shift);
                if (left < image.Width && right >= 0)
                    CircleRaster.Span(image, y, left, right, colour);
            }
        }
    }
}
