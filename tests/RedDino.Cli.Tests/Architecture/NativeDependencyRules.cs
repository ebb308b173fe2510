using System.Text.RegularExpressions;

namespace RedDino.Cli.Tests.Architecture;

/// <summary>What a native library in a build output may need on a fresh machine (Debian 12 + .NET
/// SDK): a needed library must ship in the same output (by file name or soname) or be a system
/// library of a fresh machine (fresh-machine-libraries.txt), and every non-weak symbol version it
/// needs from a system library must be one that library defines there (so GLIBCXX_3.4.32 from
/// Debian 12's libstdc++ fails, as the loader would). Libraries that load only on request with a
/// fallback (native-load-on-request.txt) are exempt.</summary>
internal sealed class NativeDependencyRules(IReadOnlyDictionary<string, IReadOnlySet<string>> systemLibraries, IReadOnlyDictionary<string, string> exempt)
{
    /// <summary>The system libraries' sonames and the versions each defines.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> SystemLibraries { get; } = systemLibraries;

    /// <summary>Exempt file names and why.</summary>
    public IReadOnlyDictionary<string, string> Exempt { get; } = exempt;

    public static NativeDependencyRules Load(string allowlistPath, string exemptPath)
    {
        var system = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var fields in Lines(allowlistPath))
            system[fields[0]] = fields.Skip(1).ToHashSet(StringComparer.Ordinal);
        var exempt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in Lines(exemptPath))
            exempt[fields[0]] = fields.Length > 1 ? string.Join(' ', fields.Skip(1)) : throw new InvalidDataException($"{exemptPath}: {fields[0]} gives no reason");
        return new NativeDependencyRules(system, exempt);
    }

    private static IEnumerable<string[]> Lines(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The native libraries of a build output that Linux x86-64 loads: *.so and *.so.N files
    /// at its top level or under runtimes/linux-x64/ (other runtimes/ folders are for other
    /// platforms; *.so.dbg files are debug symbols).</summary>
    public static IEnumerable<string> LinuxX64Libraries(string outputFolder) =>
        Directory.EnumerateFiles(outputFolder, "*.so*", SearchOption.AllDirectories)
            .Where(f => Regex.IsMatch(Path.GetFileName(f), @"\.so(\.\d+)*$"))
            .Where(f =>
            {
                var relative = Path.GetRelativePath(outputFolder, f).Replace('\\', '/');
                return !relative.StartsWith("runtimes/", StringComparison.Ordinal) || relative.StartsWith("runtimes/linux-x64/", StringComparison.Ordinal);
            })
            .Order(StringComparer.Ordinal);

    /// <summary>The rule broken by each library of <paramref name="libraries"/> (path and what the
    /// loader reads from it), judged against what ships with them; empty when all load on a fresh machine.</summary>
    public List<string> Violations(IReadOnlyList<(string Path, ElfDynamicInfo Info)> libraries)
    {
        var shipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, info) in libraries)
        {
            shipped.Add(Path.GetFileName(path));
            if (info.Soname is { } soname) shipped.Add(soname);
        }
        var violations = new List<string>();
        foreach (var (path, info) in libraries)
        {
            var name = Path.GetFileName(path);
            if (Exempt.ContainsKey(name)) continue;
            if (info.Machine != ElfDynamicInfo.MachineX86_64)
                violations.Add($"{path}: not an x86-64 library (ELF machine {info.Machine})");
            foreach (var needed in info.Needed)
                if (!shipped.Contains(needed) && !SystemLibraries.ContainsKey(needed))
                    violations.Add($"{path} needs {needed}, which neither ships beside it nor is on a fresh machine");
            foreach (var need in info.VersionNeeds)
                if (!need.Weak && SystemLibraries.TryGetValue(need.File, out var defined) && !defined.Contains(need.Version))
                    violations.Add($"{path} needs {need.Version} of {need.File}, which a fresh machine's {need.File} does not define");
        }
        return violations;
    }
}
