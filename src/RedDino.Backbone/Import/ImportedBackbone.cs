using System.Globalization;
using RedDino.Backbone.Vit;

namespace RedDino.Backbone.Import;

/// <summary>A model built from a checkpoint file, with what was found in the file.</summary>
public sealed class ImportedBackbone : IDisposable
{
    internal ImportedBackbone(VisionTransformer model, CheckpointLayout layout, string sourcePath, string sourceSha256,
        IReadOnlyList<string> skippedKeys, IReadOnlyList<string> notes)
    {
        Model = model;
        Layout = layout;
        SourcePath = sourcePath;
        SourceSha256 = sourceSha256;
        SkippedKeys = skippedKeys;
        Notes = notes;
    }

    /// <summary>The loaded model, in eval mode; owned by this object.</summary>
    public VisionTransformer Model { get; }

    public VitSettings Settings => Model.Settings;

    public CheckpointLayout Layout { get; }

    public string SourcePath { get; }

    /// <summary>Lower-case hex sha256 of the checkpoint file's bytes (ONNX metadata reddino.source_sha256).</summary>
    public string SourceSha256 { get; }

    /// <summary>Keys of the file that are not part of the model (heads, mask_token, other dicts), as named in the file.</summary>
    public IReadOnlyList<string> SkippedKeys { get; }

    /// <summary>What was adapted on the way (position grid resized, block chunks flattened, mask token initialised).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Parameters of the model (mask token included when present).</summary>
    public long ParameterCount => Model.parameters().Sum(p => p.numel());

    /// <summary>One line: layout, arch, size, parameter count, adaptations and skipped keys.</summary>
    public string Summary
    {
        get
        {
            var s = Settings;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"layout {Layout.Name}, arch {s.Name} (D {s.EmbedDim}, depth {s.Depth}, heads {s.NumHeads}, MLP {s.MlpHidden}, patch {s.PatchSize}), " +
                $"{s.ImageSize} px, {ParameterCount:N0} parameters");
            if (Notes.Count > 0)
                text += ", " + string.Join(", ", Notes);
            return text + ", skipped " + (SkippedKeys.Count == 0 ? "none" : $"{SkippedKeys.Count} key{(SkippedKeys.Count == 1 ? "" : "s")}: {GroupedSkipped()}");
        }
    }

    /// <summary>"backbone.mask_token, dino_head.* (8)": skipped keys grouped by their first component.</summary>
    private string GroupedSkipped() => string.Join(", ", SkippedKeys
        .GroupBy(k => k.Split('.')[0] is var head && SkippedKeys.Count(o => o.Split('.')[0] == head) > 1 ? head + ".*" : k)
        .Select(g => g.Count() > 1 ? $"{g.Key} ({g.Count()})" : g.Key));

    public void Dispose() => Model.Dispose();
}
