using RedDino.Tests.Shared;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Support;

/// <summary>Variants of the fixture checkpoint written by the tests themselves (renamed, broken,
/// re-encoded), each in a fresh temp folder.</summary>
internal static class CheckpointFiles
{
    /// <summary>The timm fixture's tensors, edited by <paramref name="edit"/>, saved as safetensors.</summary>
    public static string EditedSafetensors(Action<Dictionary<string, Tensor>> edit, string name = "edited.safetensors")
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), name);
        var tensors = Safetensors.LoadStateDict(BackboneFixture.TimmSafetensors);
        edit(tensors);
        Safetensors.SaveStateDict(path, tensors);
        foreach (var t in tensors.Values) t.Dispose();
        return path;
    }

    /// <summary>The timm fixture's tensors, edited, saved in PyTorch's zip format (flat dict).</summary>
    public static string EditedPth(Action<Dictionary<string, Tensor>> edit, string name = "edited.pth")
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), name);
        var tensors = Safetensors.LoadStateDict(BackboneFixture.TimmSafetensors);
        edit(tensors);
        PyTorchPickler.PickleStateDict(path, tensors);
        foreach (var t in tensors.Values) t.Dispose();
        return path;
    }

    /// <summary>Renames every key with <paramref name="rename"/>.</summary>
    public static Action<Dictionary<string, Tensor>> Rename(Func<string, string> rename) => tensors =>
    {
        var renamed = tensors.ToDictionary(kv => rename(kv.Key), kv => kv.Value);
        tensors.Clear();
        foreach (var (k, v) in renamed) tensors[k] = v;
    };

    /// <summary>A copy of <paramref name="source"/> holding its first <paramref name="keep"/> bytes.</summary>
    public static string Truncated(string source, long keep)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "truncated" + Path.GetExtension(source));
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes[..(int)keep]);
        return path;
    }

    public static string WithBytes(string name, byte[] content)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
