using System.Text.Json.Nodes;
using RedDino.Formats.Configuration;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Configuration;

[TestClass]
public sealed class LayeredSettingsTests
{
    private static readonly LayeredSettings Layers = new("demo", new HashSet<string> { "data.images", "items[].file", "source" });

    private static JsonObject Defaults() => new()
    {
        ["kind"] = "demo",
        ["data"] = new JsonObject { ["images"] = new JsonArray(), ["size"] = 4, ["name"] = "x" },
        ["items"] = new JsonArray(),
        ["source"] = null,
    };

    [TestMethod]
    public void FileThenSetOverrideTheDefaultsAndPathsResolveAgainstTheirFile()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var file = Path.Combine(folder, "p.json");
            File.WriteAllText(file, """
                // comments and trailing commas are allowed
                {"kind": "demo", "data": {"images": ["a", "/abs/b"]}, "items": [{"file": "f.onnx", "note": "n"}], "source": {"root": "r"},}
                """);
            var merged = Layers.Merge(Defaults(), file, ["data.size=7", "data.name=plain text"]);
            CollectionAssert.AreEqual(new[] { Path.Combine(folder, "a"), "/abs/b" }, merged["data"]!["images"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
            Assert.AreEqual(Path.Combine(folder, "f.onnx"), merged["items"]![0]!["file"]!.GetValue<string>());
            Assert.AreEqual("n", merged["items"]![0]!["note"]!.GetValue<string>(), "only path settings are resolved");
            Assert.AreEqual("r", merged["source"]!["root"]!.GetValue<string>(), "a null default takes any value whole");
            Assert.AreEqual(7, merged["data"]!["size"]!.GetValue<int>());
            Assert.AreEqual("plain text", merged["data"]!["name"]!.GetValue<string>());
            Assert.AreEqual(4, Defaults()["data"]!["size"]!.GetValue<int>(), "the defaults are not changed");

            var relative = Layers.WithPathsRelativeTo(merged, folder);
            Assert.AreEqual("a", relative["data"]!["images"]![0]!.GetValue<string>());
            Assert.AreEqual("f.onnx", relative["items"]![0]!["file"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("""{"kind": "demo", "data": {"colour": 1}}""", "'data.colour': unknown field (allowed here: images, size, name)")]
    [DataRow("""{"kind": "demo", "data": 3}""", "'data': must be an object of settings")]
    [DataRow("""{"kind": "other"}""", "'kind': must be \"demo\" (found \"other\")")]
    [DataRow("""{"kind": "demo", "items": [}""", "not valid JSON")]
    [DataRow("""{"kind": "demo", "data": {"size": 1e400}}""", "'data.size': 1e400 is not a finite number")]
    [DataRow("""{"kind": "demo", "source": {"scale": -1e999}}""", "'source.scale': -1e999 is not a finite number")]
    public void BadFilesNameTheFileAndTheKey(string text, string expected)
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var file = Path.Combine(folder, "p.json");
            File.WriteAllText(file, text);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Layers.Merge(Defaults(), file, []));
            StringAssert.Contains(e.Message, file);
            StringAssert.Contains(e.Message, expected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("data.nope=1", "'data.nope': unknown field")]
    [DataRow("data=1", "'data' is a group")]
    [DataRow("data.size=many", "'many' is not a valid number")]
    [DataRow("size", "expected key=value")]
    [DataRow("data.size=inf", "--set data.size: 'data.size': 'inf' is not a finite number")]
    [DataRow("data.size=-Infinity", "'data.size': '-Infinity' is not a finite number")]
    [DataRow("data.size=NaN", "'data.size': 'NaN' is not a finite number")]
    [DataRow("data.size=1e400", "'data.size': '1e400' is not a finite number")]
    [DataRow("data.images=[1, 1e999]", "'data.images': 1e999 is not a finite number")]
    public void BadAssignmentsNameTheKey(string assignment, string expected) =>
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Layers.Merge(Defaults(), null, [assignment])).Message, expected);
}
