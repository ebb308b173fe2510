using System.Globalization;
using System.Text.RegularExpressions;
using RedDino.Formats.IO;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>A folder of embedding parts, one per shard of a cluster run (docs/formats/embeddings.md):
/// <c>part-K-of-N.parquet</c> (or <c>.csv</c>) holds shard K's rows with a leading integer <c>row</c> column
/// (the 0-based manifest index) and is followed by its marker <c>part-K-of-N.done.json</c>. Read whole,
/// the folder is one <see cref="EmbeddingSet"/> in manifest order (<see cref="Read"/>; also
/// <see cref="EmbeddingSet.Read"/> given the folder).</summary>
public static partial class EmbeddingParts
{
    /// <summary>The column of a part file that holds each row's 0-based manifest index.</summary>
    public const string RowColumn = "row";

    /// <summary>The part file formats, by extension.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".parquet", ".csv"];

    /// <summary><c>folder/part-K-of-N.parquet</c> or <c>.csv</c>.</summary>
    public static string PartPath(string folder, EmbeddingShard shard, string extension)
    {
        if (!Extensions.Contains(extension)) throw new ArgumentException($"a part is .parquet or .csv, not '{extension}'", nameof(extension));
        return Path.Combine(folder, shard.PartName + extension);
    }

    /// <summary>Refuses a manifest with a column named <see cref="RowColumn"/>, which part files use for the manifest index.</summary>
    /// <exception cref="InvalidDataException">Names <paramref name="source"/> and the column.</exception>
    public static void CheckManifestColumns(IReadOnlyList<string> columns, string source)
    {
        if (columns.Contains(RowColumn, StringComparer.Ordinal))
            throw new InvalidDataException($"{source}: column '{RowColumn}' has the name sharded embedding files use for the manifest index; rename it in the manifest");
    }

    /// <summary>Writes shard <paramref name="shard"/>'s part and then its completion marker, each atomically.</summary>
    /// <param name="folder">The parts folder (created when missing).</param>
    /// <param name="shard">K and N.</param>
    /// <param name="extension">.parquet or .csv.</param>
    /// <param name="embeddings">The shard's embedded rows.</param>
    /// <param name="rowIndices">0-based manifest index of each row of <paramref name="embeddings"/>, ascending, all in the shard.</param>
    /// <param name="manifestSha256">sha256 of the manifest file's bytes.</param>
    /// <param name="manifestRows">Data rows of the whole manifest.</param>
    /// <param name="skippedCount">Rows of the shard left out as bad.</param>
    /// <returns>The marker written.</returns>
    public static EmbeddingPartMarker WritePart(string folder, EmbeddingShard shard, string extension, EmbeddingSet embeddings,
        IReadOnlyList<int> rowIndices, string manifestSha256, int manifestRows, int skippedCount)
    {
        CheckManifestColumns(embeddings.Manifest.Columns, embeddings.Manifest.FilePath ?? "manifest");
        if (rowIndices.Count != embeddings.Count)
            throw new ArgumentException($"{rowIndices.Count} row indices for {embeddings.Count} rows", nameof(rowIndices));
        for (var i = 0; i < rowIndices.Count; i++)
            if (!shard.Contains(rowIndices[i]) || rowIndices[i] >= manifestRows || i > 0 && rowIndices[i] <= rowIndices[i - 1])
                throw new ArgumentException($"row index {rowIndices[i]} is not the next row of shard {shard} of {manifestRows} rows", nameof(rowIndices));
        if (embeddings.Count + skippedCount != shard.RowCountOf(manifestRows))
            throw new ArgumentException($"{embeddings.Count} rows and {skippedCount} skipped do not make shard {shard} of {manifestRows} rows", nameof(skippedCount));

        var path = PartPath(folder, shard, extension);
        using (var writer = EmbeddingFileWriter.Create(path, [RowColumn, .. embeddings.Manifest.Columns], embeddings.Info, [RowColumn]))
        {
            for (var i = 0; i < embeddings.Count; i++)
                writer.Append(WithRowIndex(embeddings.Manifest.Rows[i], rowIndices[i]), embeddings.Row(i));
            writer.Complete();
        }
        var marker = new EmbeddingPartMarker(shard, Path.GetFileName(path), FileHash.Sha256(path), embeddings.Count, skippedCount,
            embeddings.Info, manifestSha256, manifestRows);
        marker.Write(EmbeddingPartMarker.PathFor(folder, shard));
        return marker;
    }

    /// <summary>Reads a parts folder as one set, in manifest order, after checking that all N parts are complete and agree.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">No parts; parts of several shard counts; a part or its marker missing; a part
    /// changed after its marker; parts of different models, preprocessing or manifests; a malformed part (names the folder
    /// and the part).</exception>
    public static EmbeddingSet Read(string folder) => EmbeddingPartsReader.Read(folder);

    /// <summary>The part files and markers in <paramref name="folder"/> (other files are ignored).</summary>
    public static IReadOnlyList<PartFileName> List(string folder) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Select(name => PartFileName.TryParse(name!))
            .OfType<PartFileName>().OrderBy(p => p.Shard.Count).ThenBy(p => p.Shard.Index).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

    private static ManifestRow WithRowIndex(ManifestRow row, int index)
    {
        var extra = row.Extra is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(row.Extra, StringComparer.Ordinal);
        extra[RowColumn] = index.ToString(CultureInfo.InvariantCulture);
        return row with { Extra = extra };
    }

    /// <summary>A file name of a parts folder: <c>part-K-of-N</c> then <c>.parquet</c>, <c>.csv</c> (a part) or <c>.done.json</c> (a marker).</summary>
    /// <param name="Name">The file name.</param>
    /// <param name="Shard">K and N.</param>
    /// <param name="Extension">.parquet, .csv or .done.json.</param>
    public sealed record PartFileName(string Name, EmbeddingShard Shard, string Extension)
    {
        /// <summary>True for a marker, false for a part.</summary>
        public bool IsMarker => Extension == ".done.json";

        /// <summary>The parsed name, or null when <paramref name="name"/> is not one of a parts folder.</summary>
        public static PartFileName? TryParse(string name)
        {
            var match = PartName().Match(name);
            if (!match.Success
                || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || k < 1 || k > n)
                return null;
            return new PartFileName(name, new EmbeddingShard(k, n), match.Groups[3].Value);
        }
    }

    [GeneratedRegex(@"^part-([0-9]+)-of-([0-9]+)(\.parquet|\.csv|\.done\.json)$")]
    private static partial Regex PartName();
}
