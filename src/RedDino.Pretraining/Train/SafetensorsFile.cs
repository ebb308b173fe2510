using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>Reads and writes flat safetensors files (TorchSharp.PyBridge), the format of every
/// tensor in a checkpoint, readable by PyTorch (safetensors.torch.load_file) and the backbone importer.</summary>
public static class SafetensorsFile
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        using var scope = NewDisposeScope();
        var dict = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().contiguous().cpu());
        using var stream = File.Create(path);
        Safetensors.SaveStateDict(stream, dict, leaveOpen: true);
        stream.Flush(true);
    }

    /// <summary>The tensors of a file; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"checkpoint file {path} not found", path);
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a readable safetensors file ({e.Message})", e);
        }
    }
}
