using System.Globalization;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Datasets;

/// <summary>Builds the Chula RBC-12 manifest from the dataset's layout: smears in Dataset/N.jpg and
/// one label file Label/N.txt per labelled smear with lines "x y class" (cell centre, class number).
/// One row per labelled cell, a square crop box centred on its point (boxes that reach past the
/// border stay; the embedder pads them by edge replication). Rows are ordered by smear number as an
/// integer, then by line order in the label file. Labels are the class names of the dataset's README.
/// Pass-through columns: image (smear number), cell (1-based line in the label file), class_id, x, y.</summary>
public static class ChulaManifestBuilder
{
    /// <summary>Extra columns written after path, label and the crop box.</summary>
    public static IReadOnlyList<string> ExtraColumns { get; } = ["image", "cell", "class_id", "x", "y"];

    /// <summary>Builds the manifest of the dataset at <paramref name="root"/>.</summary>
    /// <exception cref="FileNotFoundException">A folder, README or smear is missing.</exception>
    /// <exception cref="InvalidDataException">A label line is malformed (the message names file and line).</exception>
    public static ManifestBuildResult Build(string root, ChulaManifestOptions? options = null)
    {
        options ??= new ChulaManifestOptions();
        if (options.CropSize < 1) throw new InvalidDataException($"crop size must be at least 1, got {options.CropSize}");
        var names = ChulaClassNames.Read(root);
        var unknown = options.Classes?.Where(c => !names.ContainsKey(c)).ToArray() ?? [];
        if (unknown.Length > 0)
            throw new InvalidDataException($"--classes: {string.Join(",", unknown)} not among the dataset's classes ({string.Join(",", names.Keys)})");

        var labelFolder = RequireFolder(root, "Label");
        var imageFolder = RequireFolder(root, "Dataset");
        var warnings = new List<string>();
        var rows = new List<ManifestRow>();
        foreach (var (number, labelFile) in LabelFilesInOrder(labelFolder, warnings))
        {
            var cells = ReadCells(labelFile, names).Where(c => options.Classes is null || options.Classes.Contains(c.ClassId)).ToList();
            if (cells.Count == 0) continue;
            var smear = FindSmear(imageFolder, number, labelFile);
            if (options.WriteCropsTo is null)
                rows.AddRange(cells.Select(c => Row(c, number, names, ManifestPaths.ForManifest(smear, options.PathsRelativeTo), options.CropSize, withBox: true)));
            else
                rows.AddRange(WriteCrops(smear, number, cells, names, options));
        }
        var columns = new List<string> { ManifestColumns.Path, ManifestColumns.Label };
        if (options.WriteCropsTo is null) columns.AddRange(ManifestColumns.Crop);
        columns.AddRange(ExtraColumns);
        return new ManifestBuildResult(new Manifest(rows, columns), warnings);
    }

    private readonly record struct Cell(int Line, int X, int Y, int ClassId);

    private static ManifestRow Row(Cell cell, int number, IReadOnlyDictionary<int, string> names, string path, int cropSize, bool withBox) =>
        new(path, names[cell.ClassId], null, withBox ? CropBox.Centered(cell.X, cell.Y, cropSize) : null,
            new Dictionary<string, string>
            {
                ["image"] = Text(number), ["cell"] = Text(cell.Line), ["class_id"] = Text(cell.ClassId),
                ["x"] = Text(cell.X), ["y"] = Text(cell.Y),
            });

    private static IEnumerable<ManifestRow> WriteCrops(string smear, int number, List<Cell> cells, IReadOnlyDictionary<int, string> names, ChulaManifestOptions options)
    {
        var image = ImageDecoder.DecodeFile(smear);
        foreach (var cell in cells)
        {
            var file = Path.Combine(options.WriteCropsTo!, $"{number}_{cell.Line:D3}.png");
            PngWriter.Save(EdgeCrop.Crop(image, CropBox.Centered(cell.X, cell.Y, options.CropSize)), file);
            yield return Row(cell, number, names, ManifestPaths.ForManifest(file, options.PathsRelativeTo), options.CropSize, withBox: false);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string RequireFolder(string root, string name)
    {
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder} not found: a Chula RBC-12 copy has Dataset/ (smears) and Label/ (x y class per line)");
        return folder;
    }

    // Label files named by their smear number, in integer order (1, 2, ..., 10, not 1, 10, 2).
    private static IEnumerable<(int Number, string File)> LabelFilesInOrder(string folder, List<string> warnings)
    {
        var files = new List<(int, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.txt"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                files.Add((number, file));
            else
                warnings.Add($"{file}: skipped (not named by a smear number)");
        }
        return files.OrderBy(f => f.Item1);
    }

    private static List<Cell> ReadCells(string file, IReadOnlyDictionary<int, string> names)
    {
        var cells = new List<Cell>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            var numbers = new int[3];
            if (parts.Length != 3 || !parts.Select((p, i) => int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
                throw new InvalidDataException($"{file}, line {lineNumber}: expected 'x y class' (three integers), found '{line}'");
            if (!names.ContainsKey(numbers[2]))
                throw new InvalidDataException($"{file}, line {lineNumber}: class {numbers[2]} is not listed in the dataset's README");
            cells.Add(new Cell(lineNumber, numbers[0], numbers[1], numbers[2]));
        }
        return cells;
    }

    private static string FindSmear(string imageFolder, int number, string labelFile)
    {
        foreach (var extension in DatasetDefaults.ImageExtensions)
        {
            var candidate = Path.Combine(imageFolder, Text(number) + extension);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{labelFile}: no smear image {number}.jpg (or .png, ...) in {imageFolder}", Path.Combine(imageFolder, Text(number) + ".jpg"));
    }
}
