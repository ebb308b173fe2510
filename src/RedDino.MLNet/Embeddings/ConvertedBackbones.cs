using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using RedDino.Formats.Checkpoints;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Embeddings;

/// <summary>
/// Turns the model file a user names into the ONNX file ONNX Runtime opens. An ONNX file is itself; a
/// Hugging Face / timm RedDino (or DINOv2-layout) safetensors checkpoint is converted in process by
/// RedDino.Formats (no LibTorch) into a content-addressed cache: <c>&lt;folder&gt;/&lt;key&gt;.onnx</c>, key =
/// sha256 of (cache format, the checkpoint's sha256, the conversion settings, RedDino.Formats' version), so a
/// changed file, setting or converter gives a new entry and an entry is reused only for the same bytes. Each
/// entry is written to a temporary file and renamed into place (<see cref="AtomicFile"/>): concurrent
/// converters of one checkpoint (threads or processes) each write a whole file and the last rename wins with
/// identical bytes; readers never see half a file. A PyTorch <c>.pth</c> is refused with the command that
/// converts it (its pickle format needs LibTorch's reader).
/// </summary>
internal static class ConvertedBackbones
{
    /// <summary>Format of the cache's keys; history: 1 = the key above.</summary>
    public const int CacheVersion = 1;

    /// <summary>Environment variable that moves the default cache folder.</summary>
    public const string FolderVariable = "REDDINO_MODEL_CACHE";

    // Known answers per (file, size, write time): hashing a large checkpoint once per process is enough.
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written, string Folder), string> Resolved = new();

    /// <summary>The ONNX file behind <paramref name="modelPath"/>, and the checkpoint it was converted from (null for an ONNX file).</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">A .pth checkpoint, or a safetensors file that holds no usable ViT (names the file and key).</exception>
    public static (string OnnxPath, string? ConvertedFrom) Resolve(string modelPath, string? cacheFolder)
    {
        var full = Path.GetFullPath(modelPath);
        var file = new FileInfo(full);
        if (!file.Exists) throw new FileNotFoundException($"model not found: {full}", full);
        if (!SafetensorsBackbone.IsSafetensors(full))
        {
            if (IsZip(full))
                throw new InvalidDataException(
                    $"{full}: a PyTorch checkpoint (.pth) cannot be read without LibTorch; convert it once with `reddino export --checkpoint {file.Name} --out {Path.GetFileNameWithoutExtension(full)}.onnx`, or use its safetensors file");
            return (full, null);
        }
        var folder = Path.GetFullPath(cacheFolder ?? DefaultFolder());
        var onnx = Resolved.GetOrAdd((full, file.Length, file.LastWriteTimeUtc, folder), _ => Convert(full, folder));
        return (onnx, full);
    }

    /// <summary>The folder used when the options name none: <c>$REDDINO_MODEL_CACHE</c>; else, on Windows,
    /// <c>%LOCALAPPDATA%\RedDino\models</c>; else <c>$XDG_CACHE_HOME/reddino/models</c> (default <c>~/.cache/reddino/models</c>).</summary>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } configured)
            return configured;
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "RedDino", "models");
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "reddino", "models");
    }

    private static string Convert(string checkpoint, string folder)
    {
        var options = new SafetensorsConversionOptions();
        var converter = typeof(SafetensorsBackbone).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var text = $"{CacheVersion}|{FileHash.Sha256(checkpoint)}|{options.ImageSize}|{options.InterpolateOffset:R}|{options.IncludePatchTokens}|{converter}";
        var key = System.Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        var onnx = Path.Combine(folder, key + ".onnx");
        if (File.Exists(onnx))
            return onnx;
        try
        {
            SafetensorsBackbone.Convert(checkpoint, onnx, options);
        }
        catch (IOException) when (File.Exists(onnx))
        {
            // Another converter put the same bytes in place first (and a reader holds them open).
        }
        return onnx;
    }

    private static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
    }
}
