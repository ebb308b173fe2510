using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Rows of the tiny-ViT manifest as ML.NET input, and helpers for the estimator tests.</summary>
internal static class EstimatorFixture
{
    /// <summary>Manifest rows without a crop box (an image column carries no crop).</summary>
    public static readonly int[] UncroppedRows = [0, 1, 4, 6, 8, 9];

    public sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
        [VectorType(2)] public float[] Extra = [];
        public byte[] Bytes = [];
    }

    public sealed class Prediction
    {
        [VectorType(TinyBackbone.Dim)] public float[] Features = [];
    }

    /// <summary>The uncropped manifest rows (repeated <paramref name="repeat"/> times) with absolute paths.</summary>
    public static List<ImageRow> Rows(int repeat = 1)
    {
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var rows = new List<ImageRow>();
        for (var r = 0; r < repeat; r++)
            foreach (var i in UncroppedRows)
            {
                var path = manifest.Rows[i].ResolvePath(manifest.BaseFolder());
                rows.Add(new ImageRow { ImagePath = path, Label = manifest.Rows[i].Label!, Extra = [i, r], Bytes = File.ReadAllBytes(path) });
            }
        return rows;
    }

    /// <summary>Expected embedding of manifest row <paramref name="index"/>.</summary>
    public static ReadOnlySpan<float> Expected(int index) => TinyBackbone.Expected("tiny_vit").AsSpan(index * TinyBackbone.Dim, TinyBackbone.Dim);

    /// <summary>A SchemaShape with the columns of <typeparamref name="TRow"/> (SchemaShape.Create is internal:
    /// a stock CustomMapping from no columns describes them).</summary>
    public static SchemaShape ShapeOf<TRow>(MLContext ml) where TRow : class, new() =>
        ml.Transforms.CustomMapping<NoColumns, TRow>((_, _) => { }, contractName: null)
            .GetOutputSchema(new SchemaShape([]));

    public sealed class NoColumns;

    public static float[] Column(IDataView data, string name) =>
        data.GetColumn<float[]>(name).SelectMany(v => v).ToArray();
}
