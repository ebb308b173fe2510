using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Datasets;

/// <summary>What a manifest builder produced: the manifest (rows in the builder's documented
/// order) and the warnings a user should read (e.g. "no sources file: every slide is its own source").</summary>
/// <param name="Manifest">The manifest; write it with <see cref="Manifest.Write"/>.</param>
/// <param name="Warnings">Human-readable notes about choices the builder made; empty when none.</param>
public sealed record ManifestBuildResult(Manifest Manifest, IReadOnlyList<string> Warnings);
