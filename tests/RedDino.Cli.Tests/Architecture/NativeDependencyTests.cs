using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Architecture;

/// <summary>The native libraries of the CLI's and the test projects' build outputs load on a fresh
/// machine (Debian 12 + .NET SDK, nothing installed by hand): every library they need ships beside
/// them or is on a fresh machine, in a version it defines. This catches a native dependency such as
/// OpenCvSharp's GTK-linked runtime (libgtk-3.so.0) even on a machine that has extra packages.</summary>
[TestClass]
public sealed class NativeDependencyTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "RedDino.Cli.Tests", "Architecture");

    private static NativeDependencyRules Rules() =>
        NativeDependencyRules.Load(Path.Combine(Folder, "fresh-machine-libraries.txt"), Path.Combine(Folder, "native-load-on-request.txt"));

    private static string Fixture => RepoPaths.Fixture("native", "libneeds-gtk3.so");

    /// <summary>bin/&lt;configuration&gt;/&lt;framework&gt; of this test run (from where this assembly runs).</summary>
    private static string OutputSubfolder()
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine("bin", own.Parent!.Name, own.Name);
    }

    /// <summary>The CLI's output and every test project's output of this configuration that is built.</summary>
    private static List<string> OutputFolders()
    {
        var sub = OutputSubfolder();
        var cli = Path.Combine(RepoPaths.Root, "src", "RedDino.Cli", sub);
        if (!Directory.Exists(cli))
            Assert.Fail($"{cli} is missing: the CLI is built with this test project, so {sub} should exist");
        var tests = Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "tests"))
            .Select(t => Path.Combine(t, sub)).Where(Directory.Exists);
        return [cli, .. tests];
    }

    private static List<(string, ElfDynamicInfo)> ReadAll(string folder) =>
        NativeDependencyRules.LinuxX64Libraries(folder).Select(f => (f, ElfDynamicInfo.Read(f))).ToList();

    [TestMethod]
    public void BuildOutputsNeedOnlyWhatShipsOrAFreshMachineHas()
    {
        var rules = Rules();
        var problems = new List<string>();
        var scanned = 0;
        foreach (var folder in OutputFolders())
        {
            var libraries = ReadAll(folder);
            scanned += libraries.Count;
            problems.AddRange(rules.Violations(libraries));
            Console.WriteLine($"{Path.GetRelativePath(RepoPaths.Root, folder)}: {libraries.Count} native libraries");
        }
        Assert.IsGreaterThan(0, scanned, "no native library found: the outputs should hold ONNX Runtime, TorchSharp and SkiaSharp");
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems));
    }

    [TestMethod]
    public void ReaderAgreesWithReadelfOnARealLibrary()
    {
        // tests/fixtures/native/libneeds-gtk3.so was built by gcc and described by binutils' readelf
        // (make_native_fixtures.py); the reader must see the same.
        var info = ElfDynamicInfo.Read(Fixture);
        var expected = File.ReadLines(RepoPaths.Fixture("native", "libneeds-gtk3.readelf.txt")).Where(l => !l.StartsWith('#')).ToList();
        Assert.AreEqual(ElfDynamicInfo.MachineX86_64, info.Machine);
        CollectionAssert.AreEqual(expected.Where(l => l.StartsWith("soname ")).Select(l => l[7..]).ToList(), new[] { info.Soname }.ToList());
        CollectionAssert.AreEqual(expected.Where(l => l.StartsWith("needed ")).Select(l => l[7..]).ToList(), info.Needed.ToList());
        CollectionAssert.AreEquivalent(expected.Where(l => l.StartsWith("version ")).ToList(),
            info.VersionNeeds.Select(v => $"version {v.File} {v.Version} {(v.Weak ? "weak" : "strong")}").ToList());
    }

    [TestMethod]
    public void AGtkLinkedLibraryFails()
    {
        // As OpenCvSharp's runtime did: libgtk-3.so.0 and libgdk-3.so.0 are on no fresh machine.
        var violations = Rules().Violations([(Fixture, ElfDynamicInfo.Read(Fixture))]);
        Assert.HasCount(2, violations);
        StringAssert.Contains(violations[0], "needs libgtk-3.so.0");
        StringAssert.Contains(violations[1], "needs libgdk-3.so.0");
    }

    [TestMethod]
    public void ALibraryShippedAlongsideOrExemptPasses()
    {
        var gtk = ElfDynamicInfo.Read(Fixture);
        var shippedGtk = new ElfDynamicInfo(ElfDynamicInfo.MachineX86_64, "libgtk-3.so.0", ["libc.so.6"], []);
        var shippedGdk = new ElfDynamicInfo(ElfDynamicInfo.MachineX86_64, null, ["libc.so.6"], []);
        var rules = Rules();
        Assert.IsEmpty(rules.Violations([("/out/libneeds-gtk3.so", gtk), ("/out/libgtk-3.so.0.2400.0", shippedGtk), ("/out/libgdk-3.so.0", shippedGdk)]),
            "matched by soname and by file name");
        var exempt = new NativeDependencyRules(rules.SystemLibraries, new Dictionary<string, string> { ["libneeds-gtk3.so"] = "loads on request" });
        Assert.IsEmpty(exempt.Violations([(Fixture, gtk)]));
    }

    [TestMethod]
    public void ANonWeakSymbolVersionTheFreshMachineLacksFails()
    {
        // The fixture needs GLIBC_2.25 of libc.so.6 (getrandom): against a libc that only defines
        // GLIBC_2.2.5 it must fail; the same need marked weak (as the build marks libLibTorchSharp's
        // GLIBCXX_3.4.32, see build/PatchLibTorchSharp.targets) must pass.
        var info = ElfDynamicInfo.Read(Fixture) with { Needed = ["libc.so.6", "libm.so.6"] };
        var oldLibc = new Dictionary<string, IReadOnlySet<string>>
        {
            ["libc.so.6"] = new HashSet<string> { "GLIBC_2.2.5" },
            ["libm.so.6"] = new HashSet<string> { "GLIBC_2.2.5" },
        };
        var rules = new NativeDependencyRules(oldLibc, new Dictionary<string, string>());
        var violations = rules.Violations([(Fixture, info)]);
        Assert.HasCount(1, violations);
        StringAssert.Contains(violations[0], "needs GLIBC_2.25 of libc.so.6");
        var weak = info with { VersionNeeds = info.VersionNeeds.Select(v => v with { Weak = true }).ToList() };
        Assert.IsEmpty(rules.Violations([(Fixture, weak)]));
        Assert.IsEmpty(Rules().Violations([(Fixture, info)]), "Debian 12's libc defines GLIBC_2.25");
    }

    [TestMethod]
    public void ListsAreWellFormedAndTheExemptionsExist()
    {
        var rules = Rules();
        foreach (var soname in new[] { "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "ld-linux-x86-64.so.2" })
            Assert.IsTrue(rules.SystemLibraries.ContainsKey(soname), $"{soname} missing from fresh-machine-libraries.txt");
        Assert.IsTrue(rules.SystemLibraries["libc.so.6"].Contains("GLIBC_2.36") && !rules.SystemLibraries["libc.so.6"].Contains("GLIBC_2.38"));
        Assert.IsTrue(rules.SystemLibraries["libstdc++.so.6"].Contains("GLIBCXX_3.4.30") && !rules.SystemLibraries["libstdc++.so.6"].Contains("GLIBCXX_3.4.32"));
        Assert.IsFalse(rules.SystemLibraries.ContainsKey("libgtk-3.so.0"), "GTK 3 is not on a fresh machine");
        // Every exemption names a library that some build output really ships (no stale entries).
        var shipped = OutputFolders().SelectMany(NativeDependencyRules.LinuxX64Libraries).Select(Path.GetFileName).ToHashSet();
        foreach (var name in rules.Exempt.Keys)
            Assert.Contains(name, shipped, $"{name} is exempt but ships in no output");
    }
}
