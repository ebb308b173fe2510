using System.Globalization;
using System.Text;
using CsvHelper;
using RedDino.MLNet.Visualization;

namespace RedDino.Cli.Commands;

/// <summary>DIR/&lt;stem&gt;.patches.csv of `reddino visualize`: one row per patch in (tile_row, tile_col, row, col)
/// order, columns tile_row,tile_col,row,col,pc1..pcK (row, col: the patch's place in its tile's grid), and with the
/// background mask foreground (1/0) and mask_score (the thresholded, scaled first component); a background
/// patch has empty pc columns.</summary>
internal static class PatchCsv
{
    public static void Write(string file, PatchPcaResult result)
    {
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var name in new[] { "tile_row", "tile_col", "row", "col" }) csv.WriteField(name);
        for (var c = 1; c <= result.Components; c++) csv.WriteField($"pc{c}");
        if (result.Foreground is not null)
        {
            csv.WriteField("foreground");
            csv.WriteField("mask_score");
        }
        csv.NextRecord();
        for (var i = 0; i < result.Grid.PatchCount; i++)
        {
            var (tileRow, tileColumn, row, col) = result.Grid.Position(i);
            csv.WriteField(tileRow);
            csv.WriteField(tileColumn);
            csv.WriteField(row);
            csv.WriteField(col);
            for (var c = 0; c < result.Components; c++)
            {
                var value = result.Scores[i * result.Components + c];
                csv.WriteField(double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture));
            }
            if (result.Foreground is not null)
            {
                csv.WriteField(result.Foreground[i] ? "1" : "0");
                csv.WriteField(result.MaskScore![i].ToString("R", CultureInfo.InvariantCulture));
            }
            csv.NextRecord();
        }
    }
}
