using System.Text.Json;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>One-pixel lines, filled circles and filled polygons (the weather transforms and the
/// motion-blur kernel) against OpenCV 4.6's cv2.line / circle / fillPoly with LINE_8: the same
/// pixels, including lines clipped at the border and circles partly outside.</summary>
[TestClass]
public sealed class DrawingReferenceTests
{
    private static int[][] Params(string name) =>
        AugmentFixtures.Case(name).GetProperty("params").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    [TestMethod]
    public void LinesMatch()
    {
        var mask = Raster.Create(64, 48, 1);
        var lines = Params("draw_lines");
        for (var i = 0; i < lines.Length; i++)
            LineRaster.Draw(mask, lines[i][0], lines[i][1], lines[i][2], lines[i][3], [(byte)(i % 250 + 1)]);
        ReferenceAssert.Bytes("draw_lines", mask);
    }

    [TestMethod]
    public void FilledCirclesMatch()
    {
        var mask = Raster.Create(64, 48, 1);
        var circles = Params("draw_circles");
        for (var i = 0; i < circles.Length; i++)
            CircleRaster.Fill(mask, circles[i][0], circles[i][1], circles[i][2], [(byte)(i % 250 + 1)]);
        ReferenceAssert.Bytes("draw_circles", mask);
    }

    [TestMethod]
    public void FilledPolygonsMatch()
    {
        for (var trial = 0; trial < 6; trial++)
        {
            var name = $"draw_poly_{trial}";
            var polygons = AugmentFixtures.Case(name).GetProperty("params").EnumerateArray()
                .Select(shape => shape.EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToArray()).ToList();
            var mask = Raster.Create(64, 48, 1);
            PolygonFill.Fill(mask, polygons, [255]);
            ReferenceAssert.Bytes(name, mask);
        }
    }
}
