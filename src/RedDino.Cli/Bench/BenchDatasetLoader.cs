using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Datasets;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Bench;

/// <summary>Turns a pipeline's dataset into a manifest: reads the manifest file, or runs the named
/// builder (chula, folders, elsafty) with absolute paths.</summary>
internal static class BenchDatasetLoader
{
    /// <summary>The manifest, the folder its relative paths resolve against (null = the manifest's
    /// folder) and the builder's warnings.</summary>
    public static (Manifest Manifest, string? DataRoot, IReadOnlyList<string> Warnings) Load(BenchDataset dataset)
    {
        if (dataset.Builder is null)
        {
            if (dataset.DataRoot is not null && !Directory.Exists(dataset.DataRoot))
                throw new DirectoryNotFoundException($"dataset.data_root folder not found: {dataset.DataRoot}");
            return (Manifest.Read(dataset.Manifest!), dataset.DataRoot, []);
        }
        var result = dataset.Builder switch
        {
            "chula" => ChulaManifestBuilder.Build(dataset.Root!, new ChulaManifestOptions
            {
                CropSize = dataset.CropSize ?? DatasetDefaults.ChulaCropSize,
                Classes = dataset.Classes?.ToArray(),
            }),
            "folders" => FolderManifestBuilder.Build(dataset.Root!, new FolderManifestOptions { SourceRegex = dataset.SourceRegex }),
            "elsafty" => ElsaftyManifestBuilder.Build(dataset.Root!, dataset.Sources),
            var other => throw new InvalidDataException($"unknown dataset builder '{other}'"),
        };
        return (result.Manifest, null, result.Warnings);
    }
}
