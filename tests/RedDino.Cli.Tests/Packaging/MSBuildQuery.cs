using System.Diagnostics;
using System.Text.Json;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Packaging;

/// <summary>Runs `dotnet msbuild` on a project of the repository (evaluation or one target, no restore) and
/// returns what it printed; properties come back as MSBuild evaluates them for that project.</summary>
internal static class MSBuildQuery
{
    /// <summary>The evaluated values of <paramref name="names"/> in <paramref name="project"/> (relative to the
    /// repository root), with optional global properties ("Name=Value").</summary>
    public static IReadOnlyDictionary<string, string> Properties(string project, string[] names, params string[] globals)
    {
        var arguments = new List<string> { "msbuild", Path.Combine(RepoPaths.Root, project), "-nologo" };
        arguments.AddRange(names.Select(n => $"-getProperty:{n}"));
        arguments.AddRange(globals.Select(g => $"-p:{g}"));
        var output = Run(arguments, RepoPaths.Root);
        if (names.Length == 1) return new Dictionary<string, string> { [names[0]] = output.Trim() };
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>Runs dotnet with <paramref name="arguments"/> in <paramref name="folder"/>; its standard output,
    /// or a failed assertion with everything it printed.</summary>
    public static string Run(IEnumerable<string> arguments, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("CI"); // CI=true changes the build settings under test (ContinuousIntegrationBuild)
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"dotnet {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
