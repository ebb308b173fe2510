using Microsoft.ML.OnnxRuntime;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Formats;
using RedDino.Formats.Imaging;
using RedDino.Formats.Onnx;

namespace RedDino.MLNet.Visualization;

/// <summary>Runs an ONNX backbone's optional <c>patch_tokens</c> output ([batch, N, D], contract "ONNX backbone") over
/// the tiles of whole images, with the same preprocessing as the embeddings (model metadata: pixel scale, mean,
/// std; tiles are exactly S x S, so nothing is resized). Owns the ONNX Runtime session; dispose it.</summary>
public sealed class PatchTokenModel : IDisposable
{
    private const string PatchTokensOutput = BackboneContract.PatchTokensOutput;
    private static readonly string[] InputNames = [BackboneContract.InputName];
    private static readonly string[] OutputNames = [PatchTokensOutput];
    private readonly InferenceSession _session;
    private readonly ImagePreprocessor _preprocessor;
    private readonly int _batchSize;

    /// <summary>Opens <paramref name="modelPath"/> on the device of <paramref name="options"/> (batch size, device, threads).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a backbone of the contract, or one without <c>patch_tokens</c> (names the file).</exception>
    public PatchTokenModel(string modelPath, RedDinoEmbeddingOptions? options = null)
    {
        var settings = options?.Clone() ?? new RedDinoEmbeddingOptions();
        settings.Validate();
        var full = Path.GetFullPath(modelPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"ONNX model not found: {full}", full);
        (_session, Device) = OnnxSessionFactory.Create(full, settings);
        try
        {
            Model = RedDinoModelInfo.FromSession(_session, full);
            if (!Model.HasPatchTokens)
                throw new InvalidDataException($"{full}: the model has no '{PatchTokensOutput}' output (outputs: {string.Join(", ", _session.OutputMetadata.Keys)}); " +
                                               "patch-token maps need a ViT backbone exported with it (reddino export writes it)");
            _preprocessor = new ImagePreprocessor(Model.Preprocessing, settings.MaxImagePixels);
            // A graph with a fixed batch axis runs exactly that many tiles per call (the last call padded).
            _batchSize = Model.StaticBatchSize ?? settings.BatchSize;
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The model: preprocessing, sha256, metadata.</summary>
    public RedDinoModelInfo Model { get; }

    /// <summary>Where inference runs: "cpu" or "cuda:N".</summary>
    public string Device { get; }

    /// <summary>Tile side S (the model's image size).</summary>
    public int TileSize => Model.Preprocessing.ImageSize;

    /// <summary>The patch tokens of every tile of <paramref name="image"/>; <paramref name="name"/> appears in errors.</summary>
    /// <exception cref="InvalidDataException">The model's tokens do not form a square grid that divides the tile.</exception>
    public PatchTokenGrid Extract(RgbImage image, string name)
    {
        var size = TileSize;
        var (tileRows, tileColumns) = ((image.Height + size - 1) / size, (image.Width + size - 1) / size);
        var tiles = tileRows * tileColumns;
        var inputLength = _preprocessor.InputLength;
        var input = new float[(Model.StaticBatchSize ?? Math.Min(_batchSize, tiles)) * inputLength];
        float[]? tokens = null;
        float[]? luminance = null;
        int grid = 0, dim = 0;
        for (var first = 0; first < tiles; first += _batchSize)
        {
            var count = Math.Min(_batchSize, tiles - first);
            var boxes = Enumerable.Range(first, count).Select(t => new CropBox(t % tileColumns * size, t / tileColumns * size, size, size)).ToArray();
            // Tiles past the right or bottom edge repeat the border pixels (EdgeCrop), as the contract asks.
            var pixels = boxes.Select(box => EdgeCrop.Crop(image, box)).ToArray();
            for (var b = 0; b < count; b++)
                _preprocessor.Preprocess(pixels[b], null, input.AsSpan(b * inputLength, inputLength));
            var runCount = Model.StaticBatchSize ?? count;
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                input.AsMemory(0, runCount * inputLength), [runCount, 3, size, size]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, InputNames, [inputValue], OutputNames);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;                 // [count, N, D]
            var values = outputs[0].GetTensorDataAsSpan<float>();
            if (tokens is null)
            {
                (grid, dim) = CheckShape(shape, name);
                tokens = new float[checked((long)tiles * grid * grid * dim)];
                luminance = new float[checked((long)tiles * grid * grid)];
            }
            values.CopyTo(tokens.AsSpan(first * grid * grid * dim, count * grid * grid * dim));
            for (var b = 0; b < count; b++)
                PatchLuminance(pixels[b], grid, luminance!.AsSpan((first + b) * grid * grid, grid * grid));
        }
        return new PatchTokenGrid(image.Width, image.Height, size, grid, dim, tokens!, luminance!);
    }

    private (int Grid, int Dim) CheckShape(long[] shape, string name)
    {
        if (shape.Length != 3)
            throw new InvalidDataException($"{Model.Path}: '{PatchTokensOutput}' must be [batch, N, D], found rank {shape.Length} (image {name})");
        var n = (int)shape[1];
        var grid = (int)Math.Round(Math.Sqrt(n));
        if (grid * grid != n || grid == 0 || TileSize % grid != 0)
            throw new InvalidDataException($"{Model.Path}: {n} patch tokens per {TileSize} px tile do not form a square grid of whole patches");
        if (Model.Metadata.TryGetValue(MetadataKeys.PatchSize, out var declared) && declared != (TileSize / grid).ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{Model.Path}: '{MetadataKeys.PatchSize}' says {declared} but {n} tokens per {TileSize} px tile mean patches of {TileSize / grid} px");
        return (grid, (int)shape[2]);
    }

    // [g, g] mean luminance of each patch's pixels: the side of the background mask is chosen with it.
    private static void PatchLuminance(RgbImage tile, int grid, Span<float> output)
    {
        var patch = tile.Width / grid;
        var sums = new double[grid * grid];
        var pixels = tile.Pixels;
        for (var y = 0; y < tile.Height; y++)
            for (var x = 0; x < tile.Width; x++)
            {
                var p = (y * tile.Width + x) * 3;
                sums[y / patch * grid + x / patch] += 0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2];
            }
        for (var i = 0; i < sums.Length; i++) output[i] = (float)(sums[i] / (patch * patch));
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();
}
