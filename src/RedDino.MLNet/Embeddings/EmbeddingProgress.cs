namespace RedDino.MLNet.Embeddings;

/// <summary>How far a manifest run is.</summary>
/// <param name="Done">Rows finished (embedded, read from the cache or skipped).</param>
/// <param name="Total">Rows in the manifest.</param>
/// <param name="FromCache">Rows whose embedding came from the cache.</param>
/// <param name="Skipped">Rows skipped as bad images (only with SkipBad).</param>
/// <param name="Elapsed">Time since the run started.</param>
public readonly record struct EmbeddingProgress(int Done, int Total, int FromCache, int Skipped, TimeSpan Elapsed)
{
    /// <summary>Rows finished per second so far.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the current rate, or null before the first row.</summary>
    public TimeSpan? Remaining => Done > 0 ? TimeSpan.FromSeconds((Total - Done) / ImagesPerSecond) : null;
}

/// <summary>A manifest row that was skipped because its image is missing or cannot be decoded.</summary>
/// <param name="RowIndex">0-based index of the row in the manifest.</param>
/// <param name="Row">The row.</param>
/// <param name="Reason">Why (the error message, which names the file).</param>
public sealed record SkippedImage(int RowIndex, RedDino.Formats.Manifests.ManifestRow Row, string Reason);

/// <summary>The outcome of <see cref="EmbeddingEngine.EmbedManifest"/>.</summary>
/// <param name="Embeddings">Embeddings of every row that worked, in manifest order.</param>
/// <param name="Skipped">Rows skipped as bad images (empty unless SkipBad).</param>
/// <param name="Computed">Rows embedded by running the model.</param>
/// <param name="FromCache">Rows read from the cache.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record ManifestEmbeddingResult(EmbeddingSet Embeddings, IReadOnlyList<SkippedImage> Skipped, int Computed, int FromCache, TimeSpan Elapsed);
