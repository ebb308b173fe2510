using RedDino.Cli.Infrastructure;
using RedDino.Formats.IO;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Commands;

/// <summary>`reddino embed --out DIR [--shard K/N]`: embeds shard K's rows (i mod N = K - 1) into
/// DIR/part-K-of-N.parquet (or .csv) with its manifest index in a `row` column, then writes the completion
/// marker DIR/part-K-of-N.done.json. A rerun whose marker matches the model, preprocessing, manifest and part
/// is a no-op (a task the scheduler restarts costs nothing); otherwise the marker is removed first, so a part
/// is never marked complete for inputs it was not made from.</summary>
internal static class ShardedEmbed
{
    public static int Run(CliContext context, string modelPath, string manifestPath, string? dataRoot, string folder,
        (EmbeddingShard Shard, string Origin) selection, string extension, RedDinoEmbeddingOptions options)
    {
        var shard = selection.Shard;
        if (File.Exists(folder))
            throw new IOException($"--out {folder}: is a file; give a folder"); // an unusable output: bad input (exit 1)
        var manifest = EmbedCommand.ReadManifest(manifestPath, dataRoot);
        EmbeddingParts.CheckManifestColumns(manifest.Columns, manifestPath);
        var model = RedDinoModelInfo.ReadBackbone(modelPath, options.ModelCacheFolder);
        var partPath = EmbeddingParts.PartPath(folder, shard, extension);
        var expected = new EmbeddingPartMarker(shard, Path.GetFileName(partPath), "", 0, 0,
            new EmbeddingFileInfo(model.Sha256, model.Name, model.EmbedDim, model.Preprocessing.ToJson()), FileHash.Sha256(manifestPath), manifest.Rows.Count);

        var markerPath = EmbeddingPartMarker.PathFor(folder, shard);
        if (File.Exists(markerPath))
        {
            if (WhyNotComplete(markerPath, partPath, expected, options.SkipBad) is not { } reason)
            {
                context.Error.WriteLine($"shard {shard} ({selection.Origin}): {Path.GetFileName(partPath)} is complete for this model and manifest (its marker matches): nothing to do");
                context.Out.WriteLine(Path.GetFullPath(folder));
                return ExitCodes.Success;
            }
            context.Error.WriteLine($"shard {shard}: redoing {Path.GetFileName(partPath)}: {reason}");
            File.Delete(markerPath);
        }
        WarnAboutOtherRuns(context, folder, shard);

        var rows = shard.RowsOf(manifest.Rows.Count);
        using var engine = new EmbeddingEngine(modelPath, options);
        context.Error.WriteLine($"shard {shard} ({selection.Origin}): {rows.Length} of {manifest.Rows.Count} images, model {engine.Model.Name} " +
                                $"(D={engine.EmbedDim}, {engine.Model.Preprocessing.ImageSize}px) on {engine.Device}, batch {engine.BatchSize}, " +
                                $"cache {(options.CacheFolder is null ? "off" : Path.GetFullPath(options.CacheFolder))}");
        var result = ProgressBar.Run(context, "embedding", "images", bar =>
            engine.EmbedManifestRows(manifest, rows, dataRoot, new EmbedCommand.Progress(bar), CancellationToken.None));

        RemoveOtherFormat(folder, shard, extension);
        EmbedCommand.ReportSkipped(context, partPath + EmbedCommand.SkippedSuffix, manifest, result.Skipped);
        EmbeddingParts.WritePart(folder, shard, extension, result.Embeddings, result.RowIndices, expected.ManifestSha256, manifest.Rows.Count, result.Skipped.Count);
        context.Error.WriteLine(EmbedCommand.Summary(result) + $"; wrote {Path.GetFullPath(partPath)} and its marker");
        context.Out.WriteLine(Path.GetFullPath(folder));
        return ExitCodes.Success;
    }

    // Null when the marker and the part on disk are the finished work for these inputs; else why not.
    private static string? WhyNotComplete(string markerPath, string partPath, EmbeddingPartMarker expected, bool skipBad)
    {
        EmbeddingPartMarker marker;
        try
        {
            marker = EmbeddingPartMarker.Read(markerPath);
        }
        catch (InvalidDataException e)
        {
            return $"its marker cannot be read ({e.Message})";
        }
        if (marker.InputDifference(expected) is { } difference) return $"its marker does not match: {difference}";
        if (!File.Exists(partPath)) return "the part file is missing";
        if (FileHash.Sha256(partPath) != marker.PartSha256) return "the part file changed after its marker was written";
        if (marker.SkippedCount > 0 && !skipBad) return $"it skipped {marker.SkippedCount} bad row(s) and --skip-bad is not given";
        return null;
    }

    // Parts of another N in the same folder make it unreadable as one set: say so now, not after the run.
    private static void WarnAboutOtherRuns(CliContext context, string folder, EmbeddingShard shard)
    {
        if (!Directory.Exists(folder)) return;
        var others = EmbeddingParts.List(folder).Where(f => f.Shard.Count != shard.Count).Select(f => f.Name).ToList();
        if (others.Count > 0)
            context.Error.WriteLine($"warning: {folder} also holds parts of a run with another shard count ({string.Join(", ", others.Take(4))}{(others.Count > 4 ? ", ..." : "")}): " +
                                    "eval and map will refuse the folder until they are removed");
    }

    // This shard's part in the other format (an earlier run with the other --format) would make the shard ambiguous.
    private static void RemoveOtherFormat(string folder, EmbeddingShard shard, string extension)
    {
        foreach (var other in EmbeddingParts.Extensions.Where(e => e != extension))
        {
            var path = EmbeddingParts.PartPath(folder, shard, other);
            foreach (var file in new[] { path, path + ".json", path + EmbedCommand.SkippedSuffix })
                if (File.Exists(file)) File.Delete(file);
        }
    }
}
