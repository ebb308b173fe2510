using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>The backbone's tensors of a checkpoint under their timm names, and what was left out.</summary>
internal sealed record BackboneTensors(string Prefix, Dictionary<string, Tensor> Tensors, List<string> Skipped, bool FlattenedBlockChunks);

/// <summary>
/// Finds the ViT inside a state dict: the prefix is whatever precedes the single
/// "patch_embed.proj.weight" key ("" for timm/hub files, "backbone." for DINOv2 teacher entries).
/// Keys outside the prefix and projection heads are skipped. DINOv2's chunked blocks
/// ("blocks.{chunk}.{i}.*", block_chunks &gt; 0 in its training configs) become "blocks.{i}.*".
/// </summary>
internal static partial class BackboneKeys
{
    public const string Anchor = "patch_embed.proj.weight";
    private static readonly string[] HeadPrefixes = ["head.", "dino_head.", "ibot_head."];

    [GeneratedRegex(@"^blocks\.\d+\.(\d+)\.(.+)$")]
    private static partial Regex ChunkedBlock();

    public static BackboneTensors Extract(string path, Dictionary<string, Tensor> all)
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

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var chunked = false;
        foreach (var (key, t) in all)
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
            if (!tensors.TryAdd(name, t))
                throw new InvalidDataException($"{path}: key '{key}' gives '{name}' twice");
        }
        skipped.Sort(KeyOrder.Instance);
        return new BackboneTensors(prefix, tensors, skipped, chunked);
    }
}
