using RedDino.Formats.IO;
using RedDino.Formats.Manifests;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Embeddings;

/// <summary>Reads a parts folder (<see cref="EmbeddingParts"/>) as one <see cref="EmbeddingSet"/>: first every
/// marker is checked (all N present, one model, one preprocessing, one manifest), then each part against its
/// marker (bytes, producer, row count, rows of its shard), and the rows are put back in manifest order.</summary>
internal static class EmbeddingPartsReader
{
    public static EmbeddingSet Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Embeddings folder not found: {folder}");
        var files = EmbeddingParts.List(folder);
        if (files.Count == 0)
            throw new InvalidDataException($"{folder}: no embedding parts in this folder (part-K-of-N.parquet or .csv, written by `reddino embed --shard K/N`)");
        var runs = files.GroupBy(f => f.Shard.Count).ToList();
        if (runs.Count > 1)
            throw new InvalidDataException($"{folder}: parts of {runs.Count} different shard counts ({string.Join("; ", runs.Select(r => $"N = {r.Key}: {string.Join(", ", r.Select(f => f.Name))}"))}): " +
                                           "keep the N parts of one run in the folder");

        var n = runs[0].Key;
        var parts = new (string Path, EmbeddingPartMarker Marker)[n];
        for (var k = 1; k <= n; k++)
        {
            var shard = new EmbeddingShard(k, n);
            parts[k - 1] = FindPart(folder, shard, files.Where(f => f.Shard == shard).ToList());
            CheckAgreement(folder, parts[0].Marker, parts[k - 1].Marker);
        }

        var first = parts[0].Marker;
        var manifestRows = first.ManifestRows;
        var dim = first.Producer.EmbedDim;
        // Rows are placed at their manifest index, then moved up over the skipped ones: [M, D] -> [rows, D].
        var rows = new ManifestRow?[manifestRows];
        var values = new float[(long)manifestRows * dim];
        IReadOnlyList<string>? columns = null;
        foreach (var (path, marker) in parts)
        {
            var part = ReadPart(path, marker);
            var partColumns = part.Manifest.Columns.Where(c => c != EmbeddingParts.RowColumn).ToList();
            columns ??= partColumns;
            if (!columns.SequenceEqual(partColumns))
                throw new InvalidDataException($"{path}: columns ({string.Join(", ", partColumns)}) differ from those of {first.PartFile} ({string.Join(", ", columns)})");
            var previous = -1;
            for (var r = 0; r < part.Count; r++)
            {
                var index = RowIndex(path, part.Manifest.Rows[r], r + 1, marker, previous);
                rows[index] = WithoutRowIndex(part.Manifest.Rows[r]);
                part.Row(r).CopyTo(values.AsSpan((int)((long)index * dim), dim));
                previous = index;
            }
        }

        var kept = new List<ManifestRow>(manifestRows);
        for (var i = 0; i < manifestRows; i++)
        {
            if (rows[i] is not { } row) continue;
            if (kept.Count != i) values.AsSpan(i * dim, dim).CopyTo(values.AsSpan(kept.Count * dim, dim));
            kept.Add(row);
        }
        if (kept.Count < manifestRows) Array.Resize(ref values, kept.Count * dim);
        return new EmbeddingSet(new Manifest(kept, columns!, folder), values, first.Producer);
    }

    // Shard K's part file (exactly one format) and its marker, which must describe that file.
    private static (string Path, EmbeddingPartMarker Marker) FindPart(string folder, EmbeddingShard shard, List<EmbeddingParts.PartFileName> files)
    {
        var partFiles = files.Where(f => !f.IsMarker).ToList();
        if (partFiles.Count > 1)
            throw new InvalidDataException($"{folder}: {shard.PartName} is there as both {string.Join(" and ", partFiles.Select(f => f.Name))}: remove one");
        if (partFiles.Count == 0)
            throw new InvalidDataException($"{folder}: {shard.PartName} is missing (no {shard.PartName}.parquet or .csv): shard {shard} has not run, is still " +
                                           $"running or failed; run `reddino embed --shard {shard}` with the same model and manifest");
        var path = Path.Combine(folder, partFiles[0].Name);
        var markerPath = EmbeddingPartMarker.PathFor(folder, shard);
        if (!File.Exists(markerPath))
            throw new InvalidDataException($"{folder}: {partFiles[0].Name} has no completion marker {Path.GetFileName(markerPath)}: shard {shard} is still running " +
                                           "or stopped before finishing; run it again");
        var marker = EmbeddingPartMarker.Read(markerPath);
        if (marker.Shard != shard)
            throw new InvalidDataException($"{markerPath}: marks shard {marker.Shard}, but its name says {shard}");
        if (marker.PartFile != partFiles[0].Name)
            throw new InvalidDataException($"{markerPath}: marks {marker.PartFile} complete, but the folder holds {partFiles[0].Name}: run shard {shard} again");
        var expectedRows = shard.RowCountOf(marker.ManifestRows);
        if (marker.RowCount + marker.SkippedCount != expectedRows)
            throw new InvalidDataException($"{markerPath}: {marker.RowCount} rows and {marker.SkippedCount} skipped, but shard {shard} of a " +
                                           $"{marker.ManifestRows}-row manifest has {expectedRows}");
        return (path, marker);
    }

    // Every part must come from the model, preprocessing and manifest of the first.
    private static void CheckAgreement(string folder, EmbeddingPartMarker first, EmbeddingPartMarker other)
    {
        if (other.Producer.ModelSha256 != first.Producer.ModelSha256 || other.Producer.ModelName != first.Producer.ModelName)
            throw new InvalidDataException($"{folder}: {other.PartFile} was embedded with model '{other.Producer.ModelName}' (sha256 {other.Producer.ModelSha256}), " +
                                           $"but {first.PartFile} with '{first.Producer.ModelName}' (sha256 {first.Producer.ModelSha256}): all parts must come from one model");
        if (other.Producer.EmbedDim != first.Producer.EmbedDim)
            throw new InvalidDataException($"{folder}: {other.PartFile} has embed_dim {other.Producer.EmbedDim}, {first.PartFile} {first.Producer.EmbedDim}");
        if (EmbeddingPartMarker.PreprocessingText(other.Producer) != EmbeddingPartMarker.PreprocessingText(first.Producer))
            throw new InvalidDataException($"{folder}: {other.PartFile} was embedded with other preprocessing than {first.PartFile}: all parts must use the same");
        if (other.ManifestSha256 != first.ManifestSha256 || other.ManifestRows != first.ManifestRows)
            throw new InvalidDataException($"{folder}: {other.PartFile} was made from another manifest than {first.PartFile} " +
                                           $"(sha256 {other.ManifestSha256}, {other.ManifestRows} rows vs {first.ManifestSha256}, {first.ManifestRows} rows)");
    }

    // The part's bytes, producer and row count are the ones its marker recorded.
    private static EmbeddingSet ReadPart(string path, EmbeddingPartMarker marker)
    {
        var sha256 = FileHash.Sha256(path);
        if (sha256 != marker.PartSha256)
            throw new InvalidDataException($"{path}: changed after its completion marker was written (sha256 {sha256}, the marker says {marker.PartSha256}): " +
                                           $"run shard {marker.Shard} again");
        var part = EmbeddingFileFormat.For(path).Read(path);
        if (part.Info.ModelSha256 != marker.Producer.ModelSha256 || part.Dimension != marker.Producer.EmbedDim)
            throw new InvalidDataException($"{path}: made with model sha256 '{part.Info.ModelSha256}' (D={part.Dimension}), but its marker says " +
                                           $"'{marker.Producer.ModelSha256}' (D={marker.Producer.EmbedDim})");
        if (part.Count != marker.RowCount)
            throw new InvalidDataException($"{path}: {part.Count} rows, but its marker says {marker.RowCount}");
        if (!part.Manifest.Columns.Contains(EmbeddingParts.RowColumn))
            throw new InvalidDataException($"{path}: no '{EmbeddingParts.RowColumn}' column (the manifest index of each row)");
        return part;
    }

    // The row's manifest index: an integer of the part's shard, inside the manifest, after the previous row's.
    private static int RowIndex(string path, ManifestRow row, int dataRow, EmbeddingPartMarker marker, int previous)
    {
        var text = Manifest.ValueOf(row, EmbeddingParts.RowColumn);
        if (!NumberText.TryParseInt(text, out var index) || index < 0 || index >= marker.ManifestRows)
            throw new InvalidDataException($"{path}, row {dataRow}: '{EmbeddingParts.RowColumn}' must be a manifest index from 0 to {marker.ManifestRows - 1}, found '{text}'");
        if (!marker.Shard.Contains(index))
            throw new InvalidDataException($"{path}, row {dataRow}: manifest index {index} does not belong to shard {marker.Shard} (i mod {marker.Shard.Count} = {marker.Shard.Index - 1})");
        if (index <= previous)
            throw new InvalidDataException($"{path}, row {dataRow}: manifest index {index} comes after {previous}; a part lists its rows in manifest order");
        return index;
    }

    private static ManifestRow WithoutRowIndex(ManifestRow row)
    {
        var extra = row.Extra!.Where(e => e.Key != EmbeddingParts.RowColumn).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return row with { Extra = extra.Count == 0 ? null : extra };
    }
}
