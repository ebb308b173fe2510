namespace RedDino.MLNet.Embeddings;

/// <summary>The outcome for one item of <see cref="EmbeddingEngine.EmbedStream{T}"/>, in input order.</summary>
/// <typeparam name="T">The caller's item type.</typeparam>
/// <param name="Index">0-based position of the item in the input sequence.</param>
/// <param name="Item">The caller's item.</param>
/// <param name="Embedding">The [D] embedding, or null when <paramref name="Error"/> is set.</param>
/// <param name="FromCache">True when the embedding came from the cache (no inference).</param>
/// <param name="Error">Why the image could not be embedded (missing file, undecodable image), or null.</param>
public sealed record EmbeddingResult<T>(int Index, T Item, float[]? Embedding, bool FromCache, Exception? Error);
