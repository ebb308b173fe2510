namespace RedDino.MLNet.Datasets;

/// <summary>Options of <see cref="ChulaManifestBuilder"/>.</summary>
public sealed class ChulaManifestOptions
{
    /// <summary>Side of the square crop centred on each labelled point, in pixels.</summary>
    public int CropSize = DatasetDefaults.ChulaCropSize;

    /// <summary>Class numbers to keep (e.g. 0-11, the paper's set without the later elliptocyte
    /// batch); null keeps every class.</summary>
    public IReadOnlyCollection<int>? Classes;

    /// <summary>When set, every crop is also written as a PNG into this folder (edge replication at
    /// the border) and the manifest rows point at those files instead of at the smears.</summary>
    public string? WriteCropsTo;

    /// <summary>Folder the manifest will be written to: paths are made relative to it. Null writes absolute paths.</summary>
    public string? PathsRelativeTo;
}
