using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>A matrix of cells coloured by value on the viridis scale (colour-blind safe) with a colour
/// bar, each cell labelled with its text; row 0 on top, column 0 on the left, labels on both axes
/// (column labels slanted).</summary>
/// <param name="Values">[rows, columns], coloured on the scale <see cref="Minimum"/>..<see cref="Maximum"/>.</param>
/// <param name="CellText">[rows, columns], written in each cell (null or empty: none).</param>
internal sealed record HeatmapChart(
    string Title, IReadOnlyList<string> RowLabels, IReadOnlyList<string> ColumnLabels, double[,] Values, string?[,] CellText,
    string RowTitle, string ColumnTitle, string ScaleTitle) : Chart(Title)
{
    public double Minimum { get; init; }

    public double Maximum { get; init; } = 1;

    internal override void Draw(Plot plot)
    {
        int rows = RowLabels.Count, columns = ColumnLabels.Count;
        if (Values.GetLength(0) != rows || Values.GetLength(1) != columns || CellText.GetLength(0) != rows || CellText.GetLength(1) != columns)
            throw new ArgumentException($"{Title}: values and cell texts must be {rows} x {columns}");

        // Cell (r, c) is centred on x = c, y = rows - 1 - r: ScottPlot draws intensity row 0 on top.
        var heatmap = plot.Add.Heatmap(Values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(Minimum, Maximum);
        heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5); // the cells' outer edges
        var colourBar = plot.Add.ColorBar(heatmap);
        colourBar.Label = ScaleTitle;
        var scaleTicks = Enumerable.Range(0, 5).Select(i => Minimum + i * (Maximum - Minimum) / 4).ToArray();
        colourBar.Axis.SetTicks(scaleTicks, scaleTicks.Select(t => t.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray());

        var textSize = Math.Clamp(220f / Math.Max(rows, columns), 8f, 14f);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                if (string.IsNullOrEmpty(CellText[r, c])) continue;
                var text = plot.Add.Text(CellText[r, c]!, c, rows - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = textSize;
                // Dark text on the light (high) end of viridis, white on the dark end.
                var level = Maximum > Minimum ? (Values[r, c] - Minimum) / (Maximum - Minimum) : 0;
                text.LabelFontColor = level > 0.6 ? Colors.Black : Colors.White;
            }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), ColumnLabels.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), RowLabels.ToArray());
        AxisText.SlantTickLabels(plot.Axes.Bottom, ColumnLabels);
        plot.XLabel(ColumnTitle);
        plot.YLabel(RowTitle);
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
    }
}
