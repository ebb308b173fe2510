using System.Globalization;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.MLNet.Visualization;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class VisualizeCommandTests
{
    private static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    private static string Smear => RepoPaths.Fixture("visualization", "smear_130x95.png");

    [TestMethod]
    public void WritesAnImageSizedPictureAndThePatchValues()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var run = CliRun.Of("visualize", "--model", Model, "--image", Smear, "--device", "cpu", "--components", "4", "--out", folder);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            Assert.AreEqual(Path.GetFullPath(folder), run.LastLine);

            var picture = ImageDecoder.DecodeFile(Path.Combine(folder, "smear_130x95.pca.png"));
            Assert.AreEqual(130, picture.Width);
            Assert.AreEqual(95, picture.Height);
            var lines = File.ReadAllLines(Path.Combine(folder, "smear_130x95.patches.csv"));
            Assert.AreEqual("tile_row,tile_col,row,col,pc1,pc2,pc3,pc4", lines[0]);
            Assert.HasCount(1 + 3 * 4 * 9, lines, "3 x 4 tiles of 3 x 3 patches");
            StringAssert.StartsWith(lines[2], "0,0,0,1,");
            StringAssert.StartsWith(lines[^1], "2,3,2,2,");

            // The same values and picture as the library computes.
            using var model = new PatchTokenModel(Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
            var expected = PatchPca.Compute(model.Extract(ImageDecoder.DecodeFile(Smear), "smear"), new PatchPcaOptions { Components = 4 });
            Assert.AreEqual(expected.Scores[4 * 5 + 3], double.Parse(lines[6].Split(',')[7], CultureInfo.InvariantCulture), 1e-12);
            CollectionAssert.AreEqual(expected.Render().Pixels, picture.Pixels);

            var again = CliRun.Of("visualize", "--model", Model, "--image", Smear, "--device", "cpu", "--components", "4", "--out", folder);
            Assert.AreEqual(0, again.ExitCode, again.ToString());
            StringAssert.Contains(again.Error, "kept 1 from an earlier run");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BackgroundMaskAddsForegroundColumns()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var run = CliRun.Of("visualize", "--model", Model, "--image", Smear, "--device", "cpu", "--mask-background", "--background-threshold", "0.4", "--out", folder);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var lines = File.ReadAllLines(Path.Combine(folder, "smear_130x95.patches.csv"));
            Assert.AreEqual("tile_row,tile_col,row,col,pc1,pc2,pc3,foreground,mask_score", lines[0]);
            var background = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[7] == "0").ToArray();
            Assert.IsNotEmpty(background);
            Assert.IsTrue(background.All(c => c[4] == "" && double.Parse(c[8], CultureInfo.InvariantCulture) <= 0.4));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void ManifestRowsWithRepeatedStemsAndBadRows()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var manifest = Path.Combine(folder, "m.csv");
            File.WriteAllLines(manifest, ["path,crop_x,crop_y,crop_w,crop_h", $"{Smear},,,,", $"{Smear},10,10,50,40"]);
            var run = CliRun.Of("visualize", "--model", Model, "--manifest", manifest, "--device", "cpu", "--out", Path.Combine(folder, "out"));
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            Assert.AreEqual(130, ImageDecoder.DecodeFile(Path.Combine(folder, "out", "smear_130x95.row1.pca.png")).Width);
            var crop = ImageDecoder.DecodeFile(Path.Combine(folder, "out", "smear_130x95.row2.pca.png"));
            Assert.AreEqual((50, 40), (crop.Width, crop.Height), "the crop box is honoured");

            File.AppendAllLines(manifest, [Path.Combine(folder, "missing.png") + ",,,,"]);
            var bad = CliRun.Of("visualize", "--model", Model, "--manifest", manifest, "--device", "cpu", "--out", Path.Combine(folder, "out2"));
            Assert.AreEqual(1, bad.ExitCode, bad.ToString());
            StringAssert.Contains(bad.Error, "m.csv, row 3");
            StringAssert.Contains(bad.Error, "missing.png");
            Assert.IsTrue(File.Exists(Path.Combine(folder, "out2", "smear_130x95.row2.patches.csv")), "rows done before the bad one are kept");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void ModelWithoutPatchTokensIsExitCode1AndUsageErrorsAre2()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var noPatches = CliRun.Of("visualize", "--model", RepoPaths.Fixture("visualization", "tiny_vit_no_patches.onnx"), "--image", Smear, "--device", "cpu", "--out", folder);
            Assert.AreEqual(1, noPatches.ExitCode, noPatches.ToString());
            StringAssert.Contains(noPatches.Error, "tiny_vit_no_patches.onnx");
            StringAssert.Contains(noPatches.Error, "patch_tokens");

            var missingImage = CliRun.Of("visualize", "--model", Model, "--image", Path.Combine(folder, "none.png"), "--out", folder);
            Assert.AreEqual(1, missingImage.ExitCode, missingImage.ToString());
            StringAssert.Contains(missingImage.Error, "none.png");

            Assert.AreEqual(2, CliRun.Of("visualize", "--model", Model, "--out", folder).ExitCode);
            Assert.AreEqual(2, CliRun.Of("visualize", "--model", Model, "--image", Smear, "--manifest", "m.csv", "--out", folder).ExitCode);
            Assert.AreEqual(2, CliRun.Of("visualize", "--model", Model, "--image", Smear, "--components", "2", "--out", folder).ExitCode);
            Assert.AreEqual(2, CliRun.Of("visualize", "--model", Model, "--image", Smear, "--components", "33", "--device", "cpu", "--out", folder).ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
