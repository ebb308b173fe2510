using System.Text.RegularExpressions;

namespace RedDino.Formats.Checkpoints;

/// <summary>The backbone's entries of a checkpoint under their timm names, and what was left out.</summary>
/// <typeparam name="T">Whatever the reader holds per key: a tensor, a safetensors entry, a shape.</typeparam>
/// <param name="Prefix">What preceded the timm names in the file ("" or e.g. "backbone.").</param>
/// <param name="Entries">timm name -> the file's entry.</param>
/// <param name="Skipped">Keys of the file that are not the backbone's (heads, other prefixes), as named in the file, in <see cref="KeyOrder"/>.</param>
/// <param name="FlattenedBlockChunks">Whether DINOv2 block chunks ("blocks.c.i.*") were renamed "blocks.i.*".</param>
public sealed record BackboneEntries<T>(string Prefix, Dictionary<string, T> Entries, List<string> Skipped, bool FlattenedBlockChunks);

/// <summary>
/// Finds the ViT inside a state dict: the prefix is whatever precedes the single
/// "patch_embed.proj.weight" key ("" for timm/hub files, "backbone." for DINOv2 teacher entries).
/// Keys outside the prefix and projection heads are skipped. DINOv2's chunked blocks
/// ("blocks.{chunk}.{i}.*", block_chunks &gt; 0 in its training configs) become "blocks.{i}.*".
/// Used by RedDino.Backbone's importer (tensors) and by <see cref="SafetensorsBackbone"/> (file entries).
/// </summary>
public static partial class BackboneKeys
{
    /// <summary>The key every ViT backbone has, whose prefix is the backbone's.</summary>
    public const string Anchor = "patch_embed.proj.weight";

    private static readonly string[] HeadPrefixes = ["head.", "dino_head.", "ibot_head."];

    [GeneratedRegex(@"^blocks\.\d+\.(\d+)\.(.+)$")]
    private static partial Regex ChunkedBlock();

    /// <summary>The backbone's entries of <paramref name="all"/> (the file's keys).</summary>
    /// <exception cref="InvalidDataException">No backbone, several, or two keys that give one name (names the file).</exception>
    public static BackboneEntries<T> Extract<T>(string path, IReadOnlyDictionary<string, T> all)
    {
        var prefixes = all.Keys.Where(k => k.EndsWith(Anchor, StringComparison.Ordinal))
            .Select(k => k[..^Anchor.Length]).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (prefixes.Count == 0)
            throw new InvalidDataException($"{path}: unknown layout: no ViT backbone in it (no key ending in '{Anchor}'); " +
                $"{all.Count} tensors, e.g. {string.Join(", ", all.Keys.Order(StringComparer.Ordinal).Take(5))}");
        if (prefixes.Count > 1)
            throw new InvalidDataException($"{path}: unknown layout: several backbones in it (prefixes {string.Join(", ", prefixes.Select(p => $"'{p}'"))})");
        var prefix = prefixes[0];
        if (prefix.Length > 0 && !prefix.EndsWith('.'))
            throw new InvalidDataException($"{path}: unknown layout: '{prefix}{Anchor}' is not a module path");

        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var chunked = false;
        foreach (var (key, value) in all)
        {
            var name = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;
            if (name is null || HeadPrefixes.Any(h => name.StartsWith(h, StringComparison.Ordinal)))
            {
                skipped.Add(key);
                continue;
            }
            if (ChunkedBlock().Match(name) is { Success: true } m)
            {
                name = $"blocks.{m.Groups[1].Value}.{m.Groups[2].Value}";
                chunked = true;
            }
            if (!entries.TryAdd(name, value))
                throw new InvalidDataException($"{path}: key '{key}' gives '{name}' twice");
        }
        skipped.Sort(KeyOrder.Instance);
        return new BackboneEntries<T>(prefix, entries, skipped, chunked);
    }
}
