using RedDino.Backbone.Vit;
using RedDino.Formats.Checkpoints;
using RedDino.Formats.IO;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>
/// Builds a <see cref="VisionTransformer"/> from a checkpoint file, detecting the layout (timm
/// safetensors, DINOv2 training checkpoint, DINOv2 hub weights, flat state dicts with or without
/// "backbone.") and the architecture from tensor shapes. The file's position grid is resized to the
/// requested image size. Any mismatch throws an <see cref="InvalidDataException"/> listing
/// missing, unexpected and wrongly shaped keys; unreadable files throw one that names the file.
/// </summary>
public static class CheckpointImporter
{
    public static ImportedBackbone Import(string path, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        using var raw = CheckpointReader.Read(path);
        var backbone = BackboneKeys.Extract(path, raw.Tensors);
        var (found, grid) = ArchitectureDetector.Detect(path, backbone.Entries);
        VitSettings settings;
        try
        {
            settings = TargetSettings(found, options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        var skipped = new List<string>(backbone.Skipped.Concat(raw.IgnoredEntries));
        var notes = new List<string>();
        var hasMaskToken = backbone.Entries.ContainsKey("mask_token");
        if (hasMaskToken && !options.WithMaskToken)
        {
            backbone.Entries.Remove("mask_token");
            skipped.Add(backbone.Prefix + "mask_token");
        }

        var model = new VisionTransformer(settings, initialize: false); // every weight comes from the file
        try
        {
            CheckShapes(path, backbone, model);
            CheckFinite(path, backbone);
            using var noGrad = no_grad();
            var pos = backbone.Entries["pos_embed"];
            if (grid != settings.GridSize)
            {
                backbone.Entries["pos_embed"] = PositionEmbedding.Resize(pos, settings.GridSize, settings.GridSize, options.InterpolateOffset);
                pos.Dispose();
                notes.Add($"pos_embed {grid}x{grid} resized to {settings.GridSize}x{settings.GridSize} (bicubic, offset {options.InterpolateOffset.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            }
            if (options.WithMaskToken && !hasMaskToken)
                notes.Add("mask_token not in the file: initialised to 0");
            if (backbone.FlattenedBlockChunks)
                notes.Add("block chunks flattened");
            model.load_state_dict(backbone.Entries, strict: !(options.WithMaskToken && !hasMaskToken));
            model.eval();
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in backbone.Entries.Values)
                t.Dispose();
        }

        skipped.Sort(KeyOrder.Instance);
        var layout = new CheckpointLayout(raw.Container, raw.Wrapper, backbone.Prefix, grid, hasMaskToken, backbone.FlattenedBlockChunks);
        return new ImportedBackbone(model, layout, path, Sha256(path), skipped, notes);
    }

    /// <summary>Lower-case hex sha256 of a file's bytes.</summary>
    public static string Sha256(string path) => FileHash.Sha256(path);

    private static VitSettings TargetSettings(VitSettings found, ImportOptions options)
    {
        var settings = string.Equals(options.Arch, ImportOptions.AutoArch, StringComparison.OrdinalIgnoreCase)
            ? found with { ImageSize = options.ImageSize }
            : VitSettings.FromName(options.Arch, options.ImageSize);
        return (settings with { WithMaskToken = options.WithMaskToken }).Validate();
    }

    /// <summary>A NaN or infinite weight (a diverged training run, a corrupt file) makes every embedding NaN:
    /// refused here, naming the tensor, instead of exporting a model that cannot work.</summary>
    private static void CheckFinite(string path, BackboneEntries<Tensor> backbone)
    {
        foreach (var (key, t) in backbone.Entries)
        {
            using var scope = NewDisposeScope();
            var bad = (~isfinite(t)).sum().item<long>();
            if (bad > 0)
                throw new InvalidDataException($"{path}: tensor '{backbone.Prefix}{key}' holds {bad} NaN or infinite value(s) of {t.numel()}: the checkpoint cannot make a usable backbone");
        }
    }

    /// <summary>Compares the file's backbone with the model's state dict; pos_embed may have another grid.</summary>
    private static void CheckShapes(string path, BackboneEntries<Tensor> backbone, VisionTransformer model) =>
        CheckpointMismatch.Check(path, model.Settings.Name, backbone.Prefix,
            backbone.Entries.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal),
            model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList());
}
