using System.Collections;
using RedDino.Formats.Safetensors;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>Every tensor of a checkpoint file, keyed by its name in the file, plus where they were found.</summary>
internal sealed record RawCheckpoint(
    CheckpointContainer Container,
    string? Wrapper,
    Dictionary<string, Tensor> Tensors,
    IReadOnlyList<string> IgnoredEntries) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Tensors.Values)
            t.Dispose();
    }
}

/// <summary>
/// Reads a checkpoint file: safetensors through RedDino.Formats' reader (no LibTorch needed for the
/// format itself), or a PyTorch zip file (torch.save) through <see cref="PyTorchZipReader"/>. A zip whose top level
/// holds a "teacher" dict (DINOv2 training checkpoint) or a "model"/"state_dict" dict is unwrapped.
/// Floating tensors become float32. Anything else fails with an <see cref="InvalidDataException"/>
/// that names the file.
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Top-level keys that hold the state dict, in order of preference.</summary>
    private static readonly string[] Wrappers = ["teacher", "model", "state_dict"];

    public static RawCheckpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"checkpoint not found: {path}", path);
        var head = new byte[16];
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        if (head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
            return ReadPyTorchZip(path);
        if (SafetensorsFile.LooksLikeSafetensors(head, length))
            return ReadSafetensors(path);
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            throw new InvalidDataException($"{path}: legacy (non-zip) torch.save format is not supported: re-save it in Python with torch.save(state_dict, path) from PyTorch 1.6 or newer");
        throw new InvalidDataException($"{path}: not a checkpoint: neither a PyTorch zip file (.pth) nor safetensors");
    }

    private static RawCheckpoint ReadSafetensors(string path)
    {
        var file = SafetensorsFile.Open(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in file.Tensors)
                tensors[entry.Name] = tensor(file.ReadFloat32(entry), entry.Shape);
        }
        catch
        {
            foreach (var t in tensors.Values)
                t.Dispose();
            throw;
        }
        return new RawCheckpoint(CheckpointContainer.Safetensors, null, tensors, []);
    }

    private static RawCheckpoint ReadPyTorchZip(string path)
    {
        var root = PyTorchZipReader.Read(path) as Hashtable
            ?? throw new InvalidDataException($"{path}: the checkpoint's top level is not a dict (save a state dict: torch.save(model.state_dict(), path))");

        var wrapper = Wrappers.FirstOrDefault(w => root[w] is IDictionary);
        var dict = wrapper is null ? root : (IDictionary)root[wrapper]!;
        var tensors = new Dictionary<string, Tensor>();
        var ignored = new List<string>();
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is string key && entry.Value is Tensor t)
                tensors[key] = t;
            else
                ignored.Add(entry.Key?.ToString() ?? "(null)");
        }
        if (wrapper is not null)
            ignored.AddRange(root.Keys.Cast<object>().Select(k => k.ToString()!).Where(k => k != wrapper));
        ignored.Sort(StringComparer.Ordinal);
        return new RawCheckpoint(CheckpointContainer.PyTorchZip, wrapper, ToFloat32(path, tensors), ignored);
    }

    private static Dictionary<string, Tensor> ToFloat32(string path, Dictionary<string, Tensor> tensors)
    {
        if (tensors.FirstOrDefault(kv => !kv.Value.is_floating_point()) is { Value: not null } bad)
        {
            var message = $"{path}: tensor '{bad.Key}' has dtype {bad.Value.dtype}, expected floating point";
            foreach (var t in tensors.Values)
                t.Dispose();
            throw new InvalidDataException(message);
        }
        var result = new Dictionary<string, Tensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var (key, t) in tensors)
        {
            if (t.dtype == ScalarType.Float32)
                result[key] = t;
            else
            {
                result[key] = t.to(ScalarType.Float32);
                t.Dispose();
            }
        }
        return result;
    }
}
