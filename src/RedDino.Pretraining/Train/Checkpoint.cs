using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;
using RedDino.Formats.IO;

namespace RedDino.Pretraining.Train;

/// <summary>A training checkpoint: a folder `checkpoints/iter_NNNNNNN` holding
/// `student.safetensors` and `teacher.safetensors` (keys `backbone.*` and `dino_head.*`, the DINOv2
/// training names), `optimizer.safetensors` (AdamW moments and steps by parameter name),
/// `state.safetensors` (LibTorch's generator state, running centers) and `state.json` (format
/// version, the next iteration, the seed). Written to a temporary folder and renamed, so a killed
/// run never leaves a half-written checkpoint; `checkpoints/latest` names the newest.</summary>
public static class Checkpoint
{
    public const int FormatVersion = 1;
    public const string Folder = "checkpoints";
    private const string LatestFile = "latest";

    public static string Save(string runDir, long nextIteration, long seed, SslMetaArch meta, GroupedAdamW optimizer, int keep)
    {
        var root = Path.Combine(runDir, Folder);
        Directory.CreateDirectory(root);
        var name = string.Create(CultureInfo.InvariantCulture, $"iter_{nextIteration:D7}");
        var final = Path.Combine(root, name);
        var temp = Path.Combine(root, $".tmp-{name}-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);

        SafetensorsFile.Write(Path.Combine(temp, "student.safetensors"), meta.Student.state_dict());
        SafetensorsFile.Write(Path.Combine(temp, "teacher.safetensors"), meta.Teacher.state_dict());
        SafetensorsFile.Write(Path.Combine(temp, "optimizer.safetensors"), optimizer.StateTensors());
        using (var rng = torch.get_rng_state())
            SafetensorsFile.Write(Path.Combine(temp, "state.safetensors"), StateTensors(meta, rng));
        var state = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["next_iteration"] = nextIteration,
            ["seed"] = seed,
            ["written"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        File.WriteAllText(Path.Combine(temp, "state.json"), state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        if (Directory.Exists(final)) Directory.Delete(final, true);
        Directory.Move(temp, final);
        AtomicFile.WriteAllText(Path.Combine(root, LatestFile), name + "\n");
        Prune(root, name, keep);
        return final;
    }

    /// <summary>The newest checkpoint folder of a run, or null when it has none.</summary>
    public static string? FindLatest(string runDir)
    {
        var root = Path.Combine(runDir, Folder);
        var latest = Path.Combine(root, LatestFile);
        if (!File.Exists(latest)) return null;
        var folder = Path.Combine(root, File.ReadAllText(latest).Trim());
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Loads a checkpoint into the models, optimiser and generator; returns the next iteration.</summary>
    public static long Load(string folder, SslMetaArch meta, GroupedAdamW optimizer, long expectedSeed)
    {
        var statePath = Path.Combine(folder, "state.json");
        if (!File.Exists(statePath))
            throw new FileNotFoundException($"{folder} is not a checkpoint (state.json missing)", statePath);
        var state = JsonNode.Parse(File.ReadAllText(statePath))!.AsObject();
        var version = state["format_version"]?.GetValue<int>() ?? 0;
        if (version != FormatVersion)
            throw new InvalidDataException($"{statePath}: format_version {version}; this version reads {FormatVersion}");
        var seed = state["seed"]!.GetValue<long>();
        if (seed != expectedSeed)
            throw new InvalidDataException($"{statePath}: seed {seed} differs from train.seed {expectedSeed}");

        LoadModule(meta.Student, Path.Combine(folder, "student.safetensors"));
        LoadModule(meta.Teacher, Path.Combine(folder, "teacher.safetensors"));
        var optimizerPath = Path.Combine(folder, "optimizer.safetensors");
        var optimState = SafetensorsFile.Read(optimizerPath);
        try { optimizer.LoadStateTensors(optimState, optimizerPath); }
        finally { foreach (var t in optimState.Values) t.Dispose(); }

        var extraPath = Path.Combine(folder, "state.safetensors");
        var extra = SafetensorsFile.Read(extraPath);
        try
        {
            torch.set_rng_state(extra["torch_rng_state"]);
            LoadCenter(meta.DinoCenter, extra, "dino_center", extraPath);
            LoadCenter(meta.IbotCenter, extra, "ibot_center", extraPath);
        }
        finally { foreach (var t in extra.Values) t.Dispose(); }
        return state["next_iteration"]!.GetValue<long>();
    }

    /// <summary>Loads a safetensors file into a module, every key required.</summary>
    public static void LoadModule(nn.Module module, string path)
    {
        var tensors = SafetensorsFile.Read(path);
        try
        {
            var expected = module.state_dict();
            foreach (var key in expected.Keys)
                if (!tensors.ContainsKey(key))
                    throw new InvalidDataException($"{path}: tensor '{key}' missing");
            using var noGrad = no_grad();
            foreach (var (key, target) in expected)
            {
                if (!target.shape.SequenceEqual(tensors[key].shape))
                    throw new InvalidDataException($"{path}: tensor '{key}' has shape [{string.Join(", ", tensors[key].shape)}], expected [{string.Join(", ", target.shape)}]");
                target.copy_(tensors[key]);
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> StateTensors(SslMetaArch meta, Tensor rng)
    {
        yield return new("torch_rng_state", rng);
        foreach (var (name, center) in new[] { ("dino_center", meta.DinoCenter), ("ibot_center", meta.IbotCenter) })
        {
            if (center is null) continue;
            var (c, pending) = center.State;
            yield return new(name, c);
            if (pending is not null) yield return new(name + "_pending", pending);
        }
    }

    private static void LoadCenter(Losses.RunningCenter? center, Dictionary<string, Tensor> tensors, string name, string path)
    {
        if (center is null) return;
        if (!tensors.TryGetValue(name, out var c))
            throw new InvalidDataException($"{path}: '{name}' missing (train.centering changed?)");
        center.Load(c, tensors.GetValueOrDefault(name + "_pending"));
    }

    private static void Prune(string root, string newest, int keep)
    {
        var all = Directory.GetDirectories(root, "iter_*").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var old in all.Take(Math.Max(0, all.Count - Math.Max(1, keep))))
            if (old != newest)
                Directory.Delete(Path.Combine(root, old!), true);
    }
}
