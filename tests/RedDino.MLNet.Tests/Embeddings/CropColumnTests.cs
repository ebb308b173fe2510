using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Rows as users have them: a manifest loaded as an IDataView in one call, and crop boxes given to the transform
/// as one vector column or as four numeric columns (read by ML.NET's own LoadFromTextFile), against the PyTorch + PIL
/// embeddings of the fixture manifest (crop boxes inside and past the border), |a - b| &lt;= 1e-4 + 1e-4 |b|.</summary>
[TestClass]
public sealed class CropColumnTests
{
    private const double Atol = 1e-4, Rtol = 1e-4;

    public sealed class Embedded
    {
        [VectorType(TinyBackbone.Dim)] public float[] Features = [];
    }

    [TestMethod]
    public void AManifestLoadsInOneCallAndEmbedsWithItsCropBoxes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadRedDinoManifest(TinyBackbone.ManifestPath);
        CollectionAssert.AreEqual(new[] { "ImagePath", "Label", "Source", "CropBox", "note" }, data.Schema.Select(c => c.Name).ToArray());
        var folder = Path.GetDirectoryName(Path.GetFullPath(TinyBackbone.ManifestPath))!;
        Assert.AreEqual(Path.GetFullPath(Path.Combine(folder, "../imaging/sources/rgb_37x23.png")), data.GetColumn<string>("ImagePath").First());
        CollectionAssert.AreEqual(new[] { 100f, 50, 30, 30 }, data.GetColumn<float[]>("CropBox").ElementAt(2));
        Assert.AreEqual("row 2", data.GetColumn<string>("note").ElementAt(2));

        using var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model,
            new RedDinoEmbeddingOptions { CropBoxColumnName = "CropBox", BatchSize = 3 }).Fit(data);
        var batched = model.Transform(data).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), batched, Atol, Rtol, "LoadRedDinoManifest + CropBoxColumnName");

        // One row at a time (PredictionEngine) reads the crop box too: row 3's box starts left of the image.
        var mapper = model.GetRowToRowMapper(data.Schema);
        using var cursor = data.GetRowCursor(mapper.GetDependencies([mapper.OutputSchema["Features"]]));
        using var row = mapper.GetRow(cursor, [mapper.OutputSchema["Features"]]);
        var getter = row.GetGetter<VBuffer<float>>(mapper.OutputSchema["Features"]);
        var single = new List<float>();
        while (cursor.MoveNext())
        {
            VBuffer<float> value = default;
            getter(ref value);
            single.AddRange(value.DenseValues());
        }
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), single.ToArray(), Atol, Rtol, "row-to-row with crop boxes");
    }

    [TestMethod]
    public void FourCropColumnsReadByLoadFromTextFile()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile(TinyBackbone.ManifestPath, [
            new TextLoader.Column("path", DataKind.String, 0),
            new TextLoader.Column("crop_x", DataKind.Single, 2), new TextLoader.Column("crop_y", DataKind.Single, 3),
            new TextLoader.Column("crop_w", DataKind.Single, 4), new TextLoader.Column("crop_h", DataKind.Single, 5),
        ], separatorChar: ',', hasHeader: true);
        var options = new RedDinoEmbeddingOptions
        {
            CropColumnNames = ["crop_x", "crop_y", "crop_w", "crop_h"],
            ImageFolder = Path.GetDirectoryName(Path.GetFullPath(TinyBackbone.ManifestPath)),
        };
        using var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "path", TinyBackbone.Model, options).Fit(data);
        var actual = model.Transform(data).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), actual, Atol, Rtol, "four crop columns from LoadFromTextFile");
    }

    [TestMethod]
    public void BadCropColumnsAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadRedDinoManifest(TinyBackbone.ManifestPath);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath",
            TinyBackbone.Model, new RedDinoEmbeddingOptions { CropBoxColumnName = "Box" }).Fit(data));
        StringAssert.Contains(missing.Message, "crop-box column 'Box'");
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath",
            TinyBackbone.Model, new RedDinoEmbeddingOptions { CropBoxColumnName = "Label" }).Fit(data));
        StringAssert.Contains(wrongType.Message, "crop-box column 'Label': expected a vector of 4 numbers");
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath",
            TinyBackbone.Model, new RedDinoEmbeddingOptions { CropColumnNames = ["x", "y"] }));

        // A box with one value missing: the row and the columns are named.
        var rows = new[] { new Boxed { ImagePath = data.GetColumn<string>("ImagePath").First(), Box = [1, 2, float.NaN, 4] } };
        using var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model,
            new RedDinoEmbeddingOptions { CropBoxColumnName = "Box" }).Fit(ml.Data.LoadFromEnumerable(rows));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features").ToArray());
        StringAssert.Contains(error.Message, "row 1, crop box (Box): value 3 of 4 is not an integer");
    }

    public sealed class Boxed
    {
        public string ImagePath = "";
        [VectorType(4)] public float[] Box = [];
    }
}
