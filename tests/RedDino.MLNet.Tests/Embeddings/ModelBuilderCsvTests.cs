using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The Model Builder route: an embeddings CSV (what <c>reddino embed --out FILE.csv</c> and
/// <see cref="EmbeddingSet.Write"/> write: the manifest's M columns, then f0..f{D-1}) read by ML.NET's own
/// LoadFromTextFile with the features as one vector column (the documented column range M..M+D-1), values equal to
/// the file's bit for bit, and the ML.NET trainer Model Builder would pick trains on it.</summary>
[TestClass]
public sealed class ModelBuilderCsvTests
{
    /// <summary>The typed form docs/formats/embeddings.md shows, for a manifest of path,label,crop_x,crop_y,crop_w,crop_h,note.</summary>
    public sealed class EmbeddedCell
    {
        [LoadColumn(0)] public string Path = "";
        [LoadColumn(1)] public string Label = "";
        [LoadColumn(7, 7 + TinyBackbone.Dim - 1), VectorType(TinyBackbone.Dim)] public float[] Features = [];
    }

    [TestMethod]
    public void LoadFromTextFileReadsTheFeaturesAsOneVectorColumn()
    {
        var folder = RepoPaths.NewTempFolder();
        var manifest = TinyBackbone.ManifestCopy(out _);
        EmbeddingSet set;
        using (var engine = new EmbeddingEngine(TinyBackbone.Model))
            set = engine.Embed(manifest);
        var csv = Path.Combine(folder, "cells.emb.csv");
        set.Write(csv);
        Assert.HasCount(7, manifest.Columns, "the manifest columns before f0");

        var ml = new MLContext(seed: 1);
        var typed = ml.Data.LoadFromTextFile<EmbeddedCell>(csv, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var features = typed.GetColumn<float[]>(nameof(EmbeddedCell.Features)).ToArray();
        Assert.HasCount(set.Count, features);
        for (var r = 0; r < set.Count; r++)
            CollectionAssert.AreEqual(set.Row(r).ToArray(), features[r], $"row {r + 1}: LoadFromTextFile must read the written floats exactly");
        CollectionAssert.AreEqual(manifest.Rows.Select(r => r.Path).ToArray(), typed.GetColumn<string>(nameof(EmbeddedCell.Path)).ToArray());

        // The untyped form with the range from the header, as a tool (or Model Builder's generated code) would build it.
        var header = File.ReadLines(csv).First().Split(',');
        var first = Array.IndexOf(header, "f0");
        Assert.AreEqual(manifest.Columns.Count, first);
        var untyped = ml.Data.LoadFromTextFile(csv, [new TextLoader.Column("Label", DataKind.String, 1),
            new TextLoader.Column("Features", DataKind.Single, first, header.Length - 1)], separatorChar: ',', hasHeader: true, allowQuoting: true);
        Assert.AreEqual(TinyBackbone.Dim, ((VectorDataViewType)untyped.Schema["Features"].Type).Size);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(untyped);
        Assert.AreEqual(set.Count, model.Transform(untyped).GetColumn<uint>("PredictedLabel").Count());
    }
}
