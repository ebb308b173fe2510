using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>The image source a configuration names (data.source).</summary>
public static class TrainingImages
{
    public static ITrainingImages Open(DataConfig data) => data.Source switch
    {
        DataSource.SmearPatches => new SmearPatches(data.Images, data.PatchSize, data.ExcludeLists),
        DataSource.SmearCells => new SmearCells(data.Images, data.CellCropSize, data.CellMinArea, data.CellMaxArea, data.ExcludeLists),
        DataSource.CellCrops => new CellCrops(data.Manifest, data.DataRoot),
        DataSource.SyntheticShapes => new SyntheticShapeImages(data.SyntheticCount, data.SyntheticSize, data.SyntheticSeed),
        _ => throw new InvalidDataException($"data.source: unknown source {data.Source}"),
    };
}
