using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using RedDino.Formats;
using RedDino.Formats.Onnx;
using RedDino.Formats.Imaging;
using RedDino.Formats.IO;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Embeddings;

/// <summary>What an ONNX backbone file is, read from its graph and <c>reddino.*</c> metadata
/// (docs/formats/onnx-backbone.md): embedding size, input size and the preprocessing it expects.</summary>
public sealed class RedDinoModelInfo
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), RedDinoModelInfo> Known = new();
    private readonly Lazy<string> _sha256;

    private RedDinoModelInfo(string path, IReadOnlyDictionary<string, string> metadata, int embedDim,
        PreprocessingSettings preprocessing, bool hasPatchTokens, int? staticBatchSize, string? convertedFrom = null)
    {
        Path = path;
        ConvertedFrom = convertedFrom;
        Metadata = metadata;
        EmbedDim = embedDim;
        Preprocessing = preprocessing;
        HasPatchTokens = hasPatchTokens;
        StaticBatchSize = staticBatchSize;
        _sha256 = new Lazy<string>(() => FileHash.Sha256(path));
    }

    /// <summary>Full path of the ONNX file (for a safetensors checkpoint: its converted copy in the model cache).</summary>
    public string Path { get; }

    /// <summary>The safetensors checkpoint the ONNX file was converted from, or null when the model was given as ONNX.</summary>
    public string? ConvertedFrom { get; }

    /// <summary>The model's name for embedding files: the file name without extension (of the checkpoint, when converted).</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(ConvertedFrom ?? Path);

    /// <summary>All metadata_props of the file.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Architecture (<c>reddino.arch</c>), or null when absent.</summary>
    public string? Arch => Metadata.GetValueOrDefault(MetadataKeys.Arch);

    /// <summary>Embedding dimension D of the <c>embedding</c> output.</summary>
    public int EmbedDim { get; }

    /// <summary>Preprocessing from the metadata, or the contract's defaults for keys that are absent.</summary>
    public PreprocessingSettings Preprocessing { get; }

    /// <summary>True when the model also has the optional <c>patch_tokens</c> output.</summary>
    public bool HasPatchTokens { get; }

    /// <summary>The batch size fixed in the graph's input shape, or null when the batch axis is dynamic (as the
    /// contract asks). A model with a fixed batch is run with exactly that many images per call.</summary>
    public int? StaticBatchSize { get; }

    /// <summary>sha256 (hex) of the file's bytes (the contract's "model sha256"); computed on first use.</summary>
    public string Sha256 => _sha256.Value;

    /// <summary>Reads (and remembers, per path, size and write time) the description of an ONNX backbone.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX file, or not a backbone of the contract (names the file
    /// and what is missing).</exception>
    public static RedDinoModelInfo Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var file = new FileInfo(full);
        if (!file.Exists) throw new FileNotFoundException($"ONNX model not found: {full}", full);
        return Known.GetOrAdd((full, file.Length, file.LastWriteTimeUtc), _ => OnnxRuntimeNative.Require(() =>
        {
            // Only the graph's signature is needed: skip optimisation so that reading is quick.
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = OpenSession(full, options);
            return FromSession(session, full);
        }));
    }

    /// <summary>As <see cref="Read"/>, for any model file the engine accepts: an ONNX backbone, or a safetensors
    /// checkpoint, converted into (or found in) the model cache <paramref name="modelCacheFolder"/> as the engine
    /// does (null: the default folder), so the description (sha256, name) is the one the engine's embeddings carry.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Neither an ONNX backbone of the contract nor a usable safetensors
    /// checkpoint (a .pth is refused with the command that converts it).</exception>
    public static RedDinoModelInfo ReadBackbone(string modelPath, string? modelCacheFolder)
    {
        var (onnx, convertedFrom) = ConvertedBackbones.Resolve(modelPath, modelCacheFolder);
        var info = Read(onnx);
        return convertedFrom is null ? info
            : new RedDinoModelInfo(info.Path, info.Metadata, info.EmbedDim, info.Preprocessing, info.HasPatchTokens, info.StaticBatchSize, convertedFrom);
    }

    internal static InferenceSession OpenSession(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path}: not a loadable ONNX model ({FirstLine(e.Message)})", e);
        }
    }

    internal static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>Describes the model behind an open session and checks its signature against the contract.</summary>
    internal static RedDinoModelInfo FromSession(InferenceSession session, string path, string? convertedFrom = null)
    {
        if (!session.InputMetadata.TryGetValue(BackboneContract.InputName, out var input))
            throw new InvalidDataException(
                $"{path}: not a RedDino backbone: no input '{BackboneContract.InputName}' (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
        if (!session.OutputMetadata.TryGetValue(BackboneContract.EmbeddingOutput, out var output))
            throw new InvalidDataException(
                $"{path}: not a RedDino backbone: no output '{BackboneContract.EmbeddingOutput}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        if (!input.IsTensor || input.ElementType != typeof(float) || input.Dimensions.Length != 4 || input.Dimensions[1] is not (3 or -1))
            throw new InvalidDataException(
                $"{path}: input '{BackboneContract.InputName}' must be float32 [batch, 3, S, S], found {Describe(input)}");
        if (!output.IsTensor || output.ElementType != typeof(float) || output.Dimensions.Length != 2)
            throw new InvalidDataException(
                $"{path}: output '{BackboneContract.EmbeddingOutput}' must be float32 [batch, D], found {Describe(output)}");

        var metadata = session.ModelMetadata.CustomMetadataMap;
        CheckFormatVersion(path, metadata);
        var embedDim = output.Dimensions[1] > 0 ? output.Dimensions[1]
            : metadata.TryGetValue(MetadataKeys.EmbedDim, out var d) ? ParseInt(path, MetadataKeys.EmbedDim, d, BackboneContract.MaxEmbedDim)
            : throw new InvalidDataException($"{path}: the embedding size is neither static in the graph nor in '{MetadataKeys.EmbedDim}'");
        if (embedDim > BackboneContract.MaxEmbedDim)
            throw new InvalidDataException($"{path}: the embedding has {embedDim} values, more than the {BackboneContract.MaxEmbedDim} a reader accepts");
        if (metadata.TryGetValue(MetadataKeys.EmbedDim, out var declared) && ParseInt(path, MetadataKeys.EmbedDim, declared, BackboneContract.MaxEmbedDim) != embedDim)
            throw new InvalidDataException($"{path}: '{MetadataKeys.EmbedDim}' says {declared} but the graph's embedding has {embedDim} values");

        var staticSize = input.Dimensions[2] > 0 && input.Dimensions[2] == input.Dimensions[3] ? input.Dimensions[2] : 0;
        var imageSize = metadata.TryGetValue(MetadataKeys.ImageSize, out var s) ? ParseInt(path, MetadataKeys.ImageSize, s, BackboneContract.MaxImageSize)
            : staticSize > 0 ? staticSize : BackboneContract.DefaultImageSize;
        if (staticSize > 0 && staticSize != imageSize)
            throw new InvalidDataException($"{path}: '{MetadataKeys.ImageSize}' says {imageSize} but the graph's input is {staticSize}x{staticSize}");
        if (metadata.TryGetValue(MetadataKeys.PatchSize, out var patch))
            ParseInt(path, MetadataKeys.PatchSize, patch, imageSize);

        var defaults = PreprocessingSettings.ImageNetDefaults(imageSize);
        var preprocessing = new PreprocessingSettings(
            imageSize,
            metadata.TryGetValue(MetadataKeys.PixelScale, out var scale) ? ParseFloat(path, MetadataKeys.PixelScale, scale) : defaults.PixelScale,
            metadata.TryGetValue(MetadataKeys.Mean, out var mean) ? ParseTriple(path, MetadataKeys.Mean, mean) : defaults.Mean,
            metadata.TryGetValue(MetadataKeys.Std, out var std) ? ParseTriple(path, MetadataKeys.Std, std) : defaults.Std,
            metadata.GetValueOrDefault(MetadataKeys.Resize, BackboneContract.BilinearResize));
        preprocessing.Validate($"{path}: metadata");
        return new RedDinoModelInfo(path, new Dictionary<string, string>(metadata), embedDim, preprocessing,
            session.OutputMetadata.ContainsKey(BackboneContract.PatchTokensOutput), StaticBatch(path, input, output), convertedFrom);
    }

    // A reader refuses files of a newer format: it cannot know what their keys mean.
    private static void CheckFormatVersion(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKeys.FormatVersion, out var text)) return;
        var version = ParseInt(path, MetadataKeys.FormatVersion, text, int.MaxValue);
        if (version > BackboneContract.FormatVersion)
            throw new InvalidDataException(
                $"{path}: metadata '{MetadataKeys.FormatVersion}' is {version}, newer than this reader's {BackboneContract.FormatVersion}; update RedDino.MLNet to read it");
    }

    // [B, 3, S, S] -> [B, D]: the contract's batch axis is dynamic (-1); a positive value fixes it.
    private static int? StaticBatch(string path, NodeMetadata input, NodeMetadata output)
    {
        var (inBatch, outBatch) = (input.Dimensions[0], output.Dimensions[0]);
        if (inBatch > 0 && outBatch > 0 && inBatch != outBatch)
            throw new InvalidDataException($"{path}: the input's batch size is {inBatch} but the output's is {outBatch}");
        return inBatch > 0 ? inBatch : outBatch > 0 ? outBatch : null;
    }

    private static string Describe(NodeMetadata node) =>
        $"{(node.IsTensor ? node.ElementType.Name : node.OnnxValueType.ToString())} [{string.Join(", ", node.Dimensions.Select(v => v < 0 ? "?" : v.ToString(CultureInfo.InvariantCulture)))}]";

    private static int ParseInt(string path, string key, string text, int max) =>
        NumberText.TryParseInt(text, out var v) && v > 0 && v <= max ? v
            : throw new InvalidDataException($"{path}: metadata '{key}' must be an integer from 1 to {max}, found '{text}'");

    private static float ParseFloat(string path, string key, string text) =>
        NumberText.ParseFiniteSingle(text, $"{path}: metadata '{key}'");

    private static float[] ParseTriple(string path, string key, string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3)
            throw new InvalidDataException($"{path}: metadata '{key}' must be three comma-separated numbers, found '{text}'");
        return parts.Select(p => ParseFloat(path, key, p.Trim())).ToArray();
    }
}
