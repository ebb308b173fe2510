using System.Diagnostics;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

public sealed partial class EmbeddingEngine
{
    /// <summary>Embeds every row of a manifest (path resolved against <paramref name="dataRoot"/> or the
    /// manifest's folder, crop box applied), using the cache when the options name one.</summary>
    /// <returns>The embeddings in manifest order (rows skipped under SkipBad are left out).</returns>
    /// <exception cref="InvalidDataException">A row's image is missing, cannot be decoded, is larger than
    /// MaxImagePixels, has a crop box larger than that, or makes a non-finite embedding; or the row itself is
    /// malformed (<see cref="ManifestRow.Problem"/>). Without SkipBad; the message names the manifest, the row
    /// number and the path.</exception>
    public EmbeddingSet Embed(Manifest manifest, string? dataRoot = null, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellation = default) =>
        EmbedManifest(manifest, dataRoot, progress, cancellation).Embeddings;

    /// <summary>As <see cref="Embed(Manifest, string?, IProgress{EmbeddingProgress}?, CancellationToken)"/>, also
    /// reporting skipped rows and how many embeddings were computed and how many came from the cache.</summary>
    public ManifestEmbeddingResult EmbedManifest(Manifest manifest, string? dataRoot = null, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ThrowIfDisposed();
        var baseFolder = manifest.BaseFolder(dataRoot);
        var rows = manifest.Rows;
        var label = manifest.FilePath ?? "manifest";
        var values = new float[(long)rows.Count * EmbedDim];
        var kept = new List<ManifestRow>(rows.Count);
        var skipped = new List<SkippedImage>();
        int computed = 0, fromCache = 0, done = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var lastReportedDone = 0;

        // A row the manifest reader kept with a Problem (Manifest.Read with keepBadRows) is a bad row like a bad image.
        var results = EmbedStream(Enumerable.Range(0, rows.Count),
            i => rows[i].Problem is { } problem ? throw new InvalidDataException(problem)
                : ImageRequest.FromFile(rows[i].ResolvePath(baseFolder), rows[i].Crop), cancellation);
        foreach (var result in results)
        {
            var row = rows[result.Index];
            if (result.Error is { } error)
            {
                if (!IsBadImage(error)) throw new InvalidOperationException($"{label}, row {result.Index + 1}: {error.Message}", error);
                var message = $"{label}, row {result.Index + 1}: {error.Message}";
                if (!Options.SkipBad) throw new InvalidDataException(message, error);
                skipped.Add(new SkippedImage(result.Index, row, error.Message));
            }
            else
            {
                result.Embedding.AsSpan().CopyTo(values.AsSpan(kept.Count * EmbedDim, EmbedDim));
                kept.Add(row);
                if (result.FromCache) fromCache++;
                else computed++;
            }
            done++;
            // At most every 100 ms, but at least once per batch's worth of rows and at the end.
            if (progress is not null && (clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(100)
                                         || done - lastReportedDone >= Options.BatchSize || done == rows.Count))
            {
                (lastReport, lastReportedDone) = (clock.Elapsed, done);
                progress.Report(new EmbeddingProgress(done, rows.Count, fromCache, skipped.Count, clock.Elapsed));
            }
        }

        if (kept.Count < rows.Count) Array.Resize(ref values, kept.Count * EmbedDim);
        var set = new EmbeddingSet(new Manifest(kept, manifest.Columns, manifest.FilePath), values, FileInfo());
        return new ManifestEmbeddingResult(set, skipped, computed, fromCache, clock.Elapsed);
    }
}
