namespace RedDino.MLNet.Visualization;

/// <summary>The patch tokens of one image cut into non-overlapping S x S tiles (S = the model's image size) from
/// the top left, a partial last tile padded by edge replication: [TileRows, TileColumns, GridSize, GridSize, Dim]
/// row-major, i.e. patch (tile_row, tile_col, row, col) is row <see cref="PatchIndex"/> of <see cref="Tokens"/>.
/// Patch (row, col) of a tile covers its pixels [row·p, (row+1)·p) x [col·p, (col+1)·p), p = <see cref="PatchSize"/>.</summary>
public sealed class PatchTokenGrid
{
    internal PatchTokenGrid(int imageWidth, int imageHeight, int tileSize, int gridSize, int dim, float[] tokens, float[] luminance)
    {
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        TileSize = tileSize;
        GridSize = gridSize;
        Dim = dim;
        Tokens = tokens;
        Luminance = luminance;
    }

    /// <summary>Width of the image in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Height of the image in pixels.</summary>
    public int ImageHeight { get; }

    /// <summary>Tile side S (the model's image size).</summary>
    public int TileSize { get; }

    /// <summary>Patch tokens per tile side g (N = g² tokens per tile).</summary>
    public int GridSize { get; }

    /// <summary>Pixels per patch side p = S / g.</summary>
    public int PatchSize => TileSize / GridSize;

    /// <summary>Token dimension D.</summary>
    public int Dim { get; }

    /// <summary>Tile rows: ceil(height / S).</summary>
    public int TileRows => (ImageHeight + TileSize - 1) / TileSize;

    /// <summary>Tile columns: ceil(width / S).</summary>
    public int TileColumns => (ImageWidth + TileSize - 1) / TileSize;

    /// <summary>Patches M over all tiles.</summary>
    public int PatchCount => TileRows * TileColumns * GridSize * GridSize;

    /// <summary>[M, D] row-major tokens in (tile_row, tile_col, row, col) order.</summary>
    public float[] Tokens { get; }

    /// <summary>[M] mean luminance (0.299 R + 0.587 G + 0.114 B, 0..255) of each patch's pixels in its padded tile.</summary>
    public float[] Luminance { get; }

    /// <summary>Row of <see cref="Tokens"/> of patch (tileRow, tileColumn, row, col).</summary>
    public int PatchIndex(int tileRow, int tileColumn, int row, int col) =>
        ((tileRow * TileColumns + tileColumn) * GridSize + row) * GridSize + col;

    /// <summary>(tile_row, tile_col, row, col) of patch <paramref name="index"/>.</summary>
    public (int TileRow, int TileColumn, int Row, int Col) Position(int index)
    {
        var col = index % GridSize;
        var row = index / GridSize % GridSize;
        var tile = index / (GridSize * GridSize);
        return (tile / TileColumns, tile % TileColumns, row, col);
    }
}
