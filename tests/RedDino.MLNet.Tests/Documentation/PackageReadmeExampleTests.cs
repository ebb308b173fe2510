using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Documentation;

/// <summary>The C# example of the package README (src/RedDino.MLNet/README.md) is compiled with Roslyn
/// against the library and run on real cells, with only its file names swapped for test files: a renamed
/// API or a changed signature breaks this test instead of the first thing a NuGet user copies.</summary>
[TestClass]
public sealed class PackageReadmeExampleTests
{
    [TestMethod]
    public void ReadmeExampleCompilesAndWritesMetrics()
    {
        var folder = RepoPaths.NewTempFolder("reddino-readme");
        try
        {
            var cells = WriteCells(Path.Combine(folder, "cells.csv"));
            var metrics = Path.Combine(folder, "metrics.json");
            var source = ExampleSource()
                .Replace("\"cells.csv\"", Literal(cells))
                .Replace("\"reddino-small.onnx\"", Literal(RepoPaths.Fixture("embedding", "tiny_vit.onnx")))
                .Replace("\".reddino-cache\"", Literal(Path.Combine(folder, "cache")))
                .Replace("\"metrics.json\"", Literal(metrics));

            var entryPoint = Compile(source);
            var console = Console.Out;
            var output = new StringWriter();
            Console.SetOut(output);
            try
            {
                entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            }
            finally
            {
                Console.SetOut(console);
            }

            StringAssert.Contains(output.ToString(), "knn_20: wF1");
            using var json = JsonDocument.Parse(File.ReadAllText(metrics));
            Assert.IsGreaterThan(0, json.RootElement.GetRawText().Length);
            StringAssert.Contains(json.RootElement.GetRawText(), "weighted_f1");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The one ```csharp block of the package README.</summary>
    private static string ExampleSource()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "RedDino.MLNet", "README.md"));
        var blocks = Regex.Matches(readme, "```csharp\\n(.*?)```", RegexOptions.Singleline);
        Assert.HasCount(1, blocks, "the package README should hold exactly one C# example");
        return blocks[0].Groups[1].Value;
    }

    /// <summary>path,label for 8 cells of each of 4 classes of the bundled Chula sample (5 folds need 5 per class, 20-NN 20 training rows).</summary>
    private static string WriteCells(string path)
    {
        var sample = Manifest.Read(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"));
        var rows = sample.Rows.GroupBy(r => r.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Take(4)
            .SelectMany(g => g.Take(8))
            .Select(r => $"{r.ResolvePath(sample.BaseFolder())},{r.Label}");
        File.WriteAllLines(path, ["path,label", .. rows]);
        return path;
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>What `dotnet new console` (ImplicitUsings) gives the example.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static MethodInfo Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            [CSharpSyntaxTree.ParseText(source, Parse), CSharpSyntaxTree.ParseText(ImplicitUsings, Parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.IsTrue(result.Success, "the README example does not compile:\n" + string.Join("\n", errors));
        return Assembly.Load(image.ToArray()).EntryPoint!;
    }

    /// <summary>The framework assemblies plus every managed assembly next to the tests (ML.NET, RedDino.MLNet, ONNX Runtime).</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(IsManaged);
        return framework.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First()));
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string Literal(string path) => SymbolDisplay.FormatLiteral(path, quote: true);
}
