using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Architecture;

/// <summary>
/// RedDino.MLNet must never depend on TorchSharp (directly or through another project) and must only
/// reference the managed ONNX Runtime package: ML.NET users embed with ONNX Runtime alone, and
/// applications pick the native runtime. Checked three ways: the project files, the resolved package
/// graph of this test project (which references only RedDino.MLNet besides test packages), and the
/// assembly reference closure of RedDino.MLNet.dll.
/// </summary>
[TestClass]
public sealed class NoTorchSharpDependencyTests
{
    private static bool IsTorch(string name) =>
        name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase);

    [TestMethod]
    public void ProjectGraphHasNoTorchSharpAndOnlyManagedOnnxRuntime()
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.Combine(RepoPaths.Root, "src", "RedDino.MLNet", "RedDino.MLNet.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!visited.Add(Path.GetFullPath(project)))
                continue;
            var xml = XDocument.Load(project);
            string[] Items(string kind) => xml.Descendants(kind).Select(e => (string?)e.Attribute("Include") ?? "").ToArray();
            string? Property(string name) => xml.Descendants(name).Select(e => e.Value).LastOrDefault();

            var packages = Items("PackageReference");
            Assert.IsFalse(packages.Any(IsTorch), $"{project} references a TorchSharp package: {string.Join(", ", packages)}");
            Assert.AreNotEqual("true", Property("UsesTorchSharp"), $"{project} opts into TorchSharp (Directory.Build.targets)");
            Assert.AreNotEqual("true", Property("UsesOnnxRuntimeNative"), $"{project} opts into a native ONNX Runtime package");
            var onnxRuntime = packages.Where(p => p.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)).ToArray();
            Assert.IsTrue(onnxRuntime.All(p => p == "Microsoft.ML.OnnxRuntime.Managed"), $"{project} references {string.Join(", ", onnxRuntime)}");
            foreach (var reference in Items("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference)));
        }
        Assert.IsTrue(visited.Count >= 1);
    }

    [TestMethod]
    public void ResolvedPackagesHaveNoTorchSharp()
    {
        var depsFile = Path.Combine(AppContext.BaseDirectory, "RedDino.MLNet.Tests.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        CollectionAssert.Contains(libraries, "RedDino.MLNet", "the deps file lists the library under test");
        CollectionAssert.Contains(libraries, "Microsoft.ML.OnnxRuntime.Managed");
        var torch = libraries.Where(IsTorch).ToList();
        Assert.AreEqual(0, torch.Count, $"resolved TorchSharp packages: {string.Join(", ", torch)}");
        Assert.IsFalse(File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")));
    }

    [TestMethod]
    public void AssemblyReferenceClosureHasNoTorchSharp()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([typeof(RedDino.MLNet.Embeddings.EmbeddingSet).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                Assert.IsFalse(IsTorch(reference.Name!), $"{assembly.GetName().Name} references {reference.Name}");
                if (!seen.Add(reference.Name!))
                    continue;
                var file = Path.Combine(AppContext.BaseDirectory, reference.Name + ".dll");
                if (File.Exists(file)) // framework assemblies live elsewhere and cannot reference TorchSharp
                    pending.Enqueue(Assembly.LoadFrom(file));
            }
        }
        Assert.IsTrue(seen.Contains("Microsoft.ML.OnnxRuntime"), "RedDino.MLNet uses ONNX Runtime's managed API");
    }
}
