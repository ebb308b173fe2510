using System.Globalization;

namespace RedDino.MLNet.Embeddings;

/// <summary>The batch size an engine really runs: the graph's own when its batch axis is fixed, else the
/// requested one, lowered when the batch buffers would not fit in a quarter of the memory available.
/// Either change is said in one notice.</summary>
internal static class BatchSizing
{
    public static int Effective(RedDinoEmbeddingOptions options, RedDinoModelInfo model, int inputLength) =>
        Effective(options, model, inputLength, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>As above, with the memory available given (the tests' seam).</summary>
    internal static int Effective(RedDinoEmbeddingOptions options, RedDinoModelInfo model, int inputLength, long availableBytes)
    {
        if (model.StaticBatchSize is { } fixedBatch)
        {
            if (fixedBatch != options.BatchSize)
                options.Notice($"RedDino: {model.Name} fixes the batch size at {fixedBatch} in its graph: running {fixedBatch} image(s) per call instead of {options.BatchSize}");
            return fixedBatch;
        }
        // Inputs held at once, [B, 3, S, S] float32 each: two pinned batches (one inferring, one filling)
        // and PrefetchBatches prepared ahead by the workers.
        var bytesPerImage = (long)inputLength * sizeof(float) * (2 + options.PrefetchBatches);
        var largest = (int)Math.Clamp(Math.Min(availableBytes / 4 / bytesPerImage, Array.MaxLength / inputLength), 1, RedDinoEmbeddingDefaults.MaxBatchSize);
        if (options.BatchSize <= largest) return options.BatchSize;
        options.Notice(string.Create(CultureInfo.InvariantCulture,
            $"RedDino: batch size {options.BatchSize} would hold {options.BatchSize * bytesPerImage / 1e9:0.0} GB of {model.Preprocessing.ImageSize}-pixel inputs, more than a quarter of the {availableBytes / 1e9:0.0} GB available: using {largest}"));
        return largest;
    }

    /// <summary>The index of the first value that is NaN or infinite, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
