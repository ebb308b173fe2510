using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using RedDino.Formats.IO;

namespace RedDino.Cli.Reports;

/// <summary>run.json, written into every results folder of `reddino eval` and `reddino bench`
/// (docs/formats/metrics-json.md, "run.json"): tool version,
/// git commit when known, command line, merged configuration, seeds, model hashes, cores and OS,
/// start and end times. Start one when the run starts, fill it in, then <see cref="Write"/>.</summary>
internal sealed class RunRecord
{
    /// <summary>run.json format version (history: 1 = first version).</summary>
    public const int FormatVersion = 1;

    private RunRecord(IReadOnlyList<string> commandLine, DateTimeOffset started, string? gitCommit)
    {
        CommandLine = commandLine;
        Started = started;
        GitCommit = gitCommit;
    }

    /// <summary>Records the start time, the tool version and the git commit (looked up from the
    /// application's folder, then the current folder; null when not in a git checkout).</summary>
    /// <param name="commandLine">The program name and its arguments, as given.</param>
    public static RunRecord Start(IEnumerable<string> commandLine) =>
        new(commandLine.ToArray(), DateTimeOffset.Now, GitCommitOf(AppContext.BaseDirectory) ?? GitCommitOf(Directory.GetCurrentDirectory()));

    /// <summary>Program name and arguments.</summary>
    public IReadOnlyList<string> CommandLine { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When the run finished (set by <see cref="Finish"/> or <see cref="Write"/>).</summary>
    public DateTimeOffset? Finished { get; private set; }

    /// <summary>HEAD of the checkout the tool runs from, or null.</summary>
    public string? GitCommit { get; }

    /// <summary>The merged configuration (defaults + file + command line) the run used.</summary>
    public JsonObject Configuration { get; set; } = new();

    /// <summary>Every seed the run used, by name (null = the component has no randomness).</summary>
    public IDictionary<string, long?> Seeds { get; } = new SortedDictionary<string, long?>(StringComparer.Ordinal);

    /// <summary>sha256 of every model file read, by backbone name.</summary>
    public IDictionary<string, string> ModelHashes { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Marks the end of the run (now).</summary>
    public void Finish() => Finished = DateTimeOffset.Now;

    /// <summary>The run.json document.</summary>
    public JsonObject ToJson()
    {
        var entry = Assembly.GetEntryAssembly();
        var library = typeof(RedDino.MLNet.Evaluation.EvaluationReport).Assembly;
        return new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["tool"] = entry?.GetName().Name ?? library.GetName().Name,
            ["tool_version"] = VersionOf(entry ?? library),
            ["library_version"] = VersionOf(library),
            ["git_commit"] = GitCommit,
            ["command_line"] = new JsonArray(CommandLine.Select(a => (JsonNode?)a).ToArray()),
            ["configuration"] = Configuration.DeepClone(),
            ["seeds"] = new JsonObject(Seeds.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["model_hashes"] = new JsonObject(ModelHashes.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["architecture"] = RuntimeInformation.OSArchitecture.ToString(),
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            },
            ["started"] = Started.ToString("O", CultureInfo.InvariantCulture),
            ["finished"] = Finished?.ToString("O", CultureInfo.InvariantCulture),
            ["duration_seconds"] = Finished is { } end ? Math.Round((end - Started).TotalSeconds, 3) : null,
        };
    }

    /// <summary>Writes run.json atomically into <paramref name="path"/>, finishing the record first if needed.</summary>
    public void Write(string path)
    {
        if (Finished is null) Finish();
        JsonText.Write(path, ToJson());
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>`git rev-parse HEAD` in <paramref name="folder"/>; null when git is absent, the folder is
    /// not in a checkout, or git takes more than 5 s.</summary>
    internal static string? GitCommitOf(string folder)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", folder, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEndAsync();
            if (!git.WaitForExit(5000))
            {
                git.Kill();
                return null;
            }
            var commit = output.Result.Trim();
            return git.ExitCode == 0 && commit.Length is 40 or 64 && commit.All(char.IsAsciiHexDigit) ? commit : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
