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
                .Replace("\"resnet18.onnx\"", Literal(RepoPaths.Fixture("embedding", "tiny_vit_nometa.onnx")))
                .Replace("\".reddino-cache\"", Literal(Path.Combine(folder, "cache")))
                .Replace("\"metrics.json\"", Literal(metrics))
                .Replace("\"model.safetensors\"", Literal(RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors")))
                .Replace("\"cells.reddino.zip\"", Literal(Path.Combine(folder, "cells.reddino.zip")))
                .Replace("\"cell.png\"", Literal(File.ReadLines(cells).Skip(1).First().Split(',')[0]))
                .Replace("ml.Transforms.ExtractRedDinoEmbeddings(\"Features\", nameof(Cell.Path), " + Literal(RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors")) + ")",
                    "ml.Transforms.ExtractRedDinoEmbeddings(\"Features\", nameof(Cell.Path), " + Literal(RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors")) +
                    ", new RedDinoEmbeddingOptions { ModelCacheFolder = " + Literal(Path.Combine(folder, "models")) + " })");

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
            StringAssert.Contains(output.ToString(), "knn_20: tiny_vit - tiny_vit_nometa = ");
            StringAssert.Contains(output.ToString(), "tiny_vit_nometa: pooled wF1 ");
            StringAssert.Contains(output.ToString(), "checkpoint: 64-value embeddings from ");
            foreach (var name in new[] { "lightgbm", "sdca_maxent", "naive_bayes" })
                StringAssert.Contains(output.ToString(), $"{name}: wF1 ");
            StringAssert.Matches(output.ToString(), new Regex("bundle: .* is [A-Za-z ]+"));
            StringAssert.Matches(output.ToString(), new Regex("bundle accuracy: [0-9.]+ ?%"));
            StringAssert.Matches(output.ToString(), new Regex("anomaly AUC: [01]\\.[0-9]{3}"));
            Console.WriteLine(output.ToString());
            using var json = JsonDocument.Parse(File.ReadAllText(metrics));
            Assert.AreEqual(2, json.RootElement.GetProperty("schema_version").GetInt32());
            Assert.AreEqual(3, json.RootElement.GetProperty("comparisons").GetArrayLength(), "one pair, three classifiers");
            var backbone = json.RootElement.GetProperty("backbones").GetProperty("tiny_vit");
            Assert.AreEqual("source", backbone.GetProperty("batch_effects").GetProperty("batch_column").GetString());
            Assert.AreEqual(JsonValueKind.Array, backbone.GetProperty("classifiers").GetProperty("knn_1").GetProperty("ci95").GetProperty("weighted_f1").ValueKind);
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

    /// <summary>path,label,source for 8 cells of each of 4 classes of the bundled Chula sample, "Normal cell" first (5 folds
    /// need 5 per class, 20-NN 20 training rows, the anomaly example normal cells); source alternates "even"/"odd" by row:
    /// two batches for the batch-effect metrics.</summary>
    private static string WriteCells(string path)
    {
        var sample = Manifest.Read(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"));
        var rows = sample.Rows.GroupBy(r => r.Label).OrderBy(g => g.Key == "Normal cell" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal).Take(4)
            .SelectMany(g => g.Take(8))
            .Select((r, i) => $"{r.ResolvePath(sample.BaseFolder())},{r.Label},{(i % 2 == 0 ? "even" : "odd")}");
        File.WriteAllLines(path, ["path,label,source", .. rows]);
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
