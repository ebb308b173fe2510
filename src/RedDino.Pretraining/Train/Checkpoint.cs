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
/// version, the next iteration, the seed, the size of every file, whether a stop request wrote it),
/// written last. The folder is written under a temporary name (<c>.checkpoint.&lt;pid&gt;-&lt;random&gt;</c>)
/// and renamed, and old checkpoints are renamed away before they are deleted, so a killed run never
/// leaves a half-written or half-deleted <c>iter_*</c>; `checkpoints/latest` names the newest, but resuming
/// takes the newest complete checkpoint whatever it says (<see cref="FindNewestComplete"/>).</summary>
public static class Checkpoint
{
    public const int FormatVersion = 1;
    public const string Folder = "checkpoints";
    private const string LatestFile = "latest";
    private const string Prefix = "iter_";
    private const string WritingName = ".checkpoint";
    private const string DeletingName = ".deleting";
    private static readonly string[] Files = ["student.safetensors", "teacher.safetensors", "optimizer.safetensors", "state.safetensors"];

    /// <summary>Writes the checkpoint of <paramref name="nextIteration"/> iterations done; keeps the newest
    /// <paramref name="keep"/>. <paramref name="interrupted"/> marks one written on a stop request.</summary>
    public static string Save(string runDir, long nextIteration, long seed, SslMetaArch meta, GroupedAdamW optimizer, int keep, bool interrupted = false)
    {
        var root = Path.Combine(runDir, Folder);
        Directory.CreateDirectory(root);
        TemporaryFiles.DeleteStale(root, WritingName, "");
        TemporaryFiles.DeleteStale(root, DeletingName, "");
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nextIteration:D7}");
        var final = Path.Combine(root, name);
        var temp = Path.Combine(root, TemporaryFiles.UniqueName(WritingName, ""));
        using var tracking = TemporaryFiles.Track(temp);
        try
        {
            WriteFiles(temp, nextIteration, seed, meta, optimizer, interrupted);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
            // e.g. a full disk: name the checkpoint, not the temporary folder it was being written in
            throw new IOException($"{final}: the checkpoint could not be written ({e.Message.Replace(temp, final, StringComparison.Ordinal)})", e);
        }

        if (Directory.Exists(final)) DeleteFolder(root, final);
        Directory.Move(temp, final);
        AtomicFile.WriteAllText(Path.Combine(root, LatestFile), name + "\n");
        Prune(root, name, keep);
        return final;
    }

    private static void WriteFiles(string temp, long nextIteration, long seed, SslMetaArch meta, GroupedAdamW optimizer, bool interrupted)
    {
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
            ["interrupted"] = interrupted,
            ["files"] = new JsonObject(Files.Select(f => KeyValuePair.Create(f, (JsonNode?)new FileInfo(Path.Combine(temp, f)).Length))),
        };
        File.WriteAllText(Path.Combine(temp, "state.json"), state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The newest complete checkpoint of a run, or null when it has none. Complete: state.json
    /// reads, names the folder's iteration, and every file it lists has its recorded size. Checkpoints
    /// skipped on the way and a <c>latest</c> that names another folder are reported through
    /// <paramref name="notice"/>.</summary>
    public static string? FindNewestComplete(string runDir, Action<string>? notice = null)
    {
        var root = Path.Combine(runDir, Folder);
        if (!Directory.Exists(root)) return null;
        var candidates = Directory.GetDirectories(root, Prefix + "*")
            .Select(folder => (Folder: folder, Iteration: long.TryParse(Path.GetFileName(folder)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1))
            .Where(c => c.Iteration >= 0)
            .OrderByDescending(c => c.Iteration);
        foreach (var (folder, iteration) in candidates)
        {
            var problem = Incomplete(folder, iteration);
            if (problem is null)
            {
                var latest = Path.Combine(root, LatestFile);
                var named = File.Exists(latest) ? File.ReadAllText(latest).Trim() : null;
                if (named != Path.GetFileName(folder))
                    notice?.Invoke($"{Path.Combine(root, LatestFile)} names {named ?? "nothing"}; the newest complete checkpoint is {Path.GetFileName(folder)}");
                return folder;
            }
            notice?.Invoke($"skipping {folder}: incomplete ({problem})");
        }
        return null;
    }

    /// <summary>True when the checkpoint was written because the run was asked to stop (not on its schedule).</summary>
    public static bool WasInterrupted(string folder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "state.json")))?["interrupted"]?.GetValue<bool>() ?? false;

    // Why a checkpoint folder cannot be resumed from, or null.
    private static string? Incomplete(string folder, long iteration)
    {
        var statePath = Path.Combine(folder, "state.json");
        if (!File.Exists(statePath)) return "state.json missing";
        try
        {
            var state = JsonNode.Parse(File.ReadAllText(statePath))!.AsObject();
            if (state["next_iteration"]?.GetValue<long>() != iteration) return "state.json names another iteration";
            var sizes = state["files"]?.AsObject();
            foreach (var file in Files)
            {
                var info = new FileInfo(Path.Combine(folder, file));
                if (!info.Exists) return $"{file} missing";
                if (sizes?[file]?.GetValue<long>() is { } size && size != info.Length) return $"{file} has {info.Length} bytes, state.json says {size}";
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return $"state.json unreadable: {e.Message}";
        }
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
        var all = Directory.GetDirectories(root, Prefix + "*").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var old in all.Take(Math.Max(0, all.Count - Math.Max(1, keep))))
            if (old != newest)
                DeleteFolder(root, Path.Combine(root, old!));
    }

    // Renamed away first: a run killed while deleting leaves a ".deleting.*" folder (removed by the
    // next save), never a half-deleted iter_* that looks like a checkpoint.
    private static void DeleteFolder(string root, string folder)
    {
        var doomed = Path.Combine(root, TemporaryFiles.UniqueName(DeletingName, ""));
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, true);
    }
}
