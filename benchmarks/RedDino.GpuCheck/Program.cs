using System.Globalization;
using RedDino.Formats.Onnx.Precision;
using RedDino.GpuCheck;

// reddino-gpucheck --model FILE.onnx --images DIR [--count N] [--batches 1,8,32] [--device cuda|cpu] [--gpu-id 0] [--precisions fp32,fp16]
// Measures images/s of (a) the RedDino embedding engine from image files (IO binding, page-locked buffers on
// CUDA), (b) a bare ONNX Runtime Run loop over tensors prepared in advance and (c) ML.NET's stock LoadImages +
// ResizeImages + ExtractPixels + ApplyOnnxModel, all on the same device, files and model, in one process, at
// each precision (fp16 and int8 are converted from the fp32 model by RedDino.Formats' OnnxPrecisionConverter).
var settings = CheckSettings.Parse(args);
Console.WriteLine($"model {settings.ModelPath}, {settings.ImagePaths.Count} images, device {settings.Device}:{settings.GpuId}, " +
                  $"precisions {string.Join(", ", settings.Precisions.Select(p => p.Name()))}, {Environment.ProcessorCount} logical CPUs");

var rows = new List<ThroughputRow>();
foreach (var precision in settings.Precisions)
{
    var run = settings with { ModelPath = ModelAt(settings.ModelPath, precision) };
    // A GPU idles at low clocks and ramps up under load: heat it first, then time the stock pipeline both
    // before and after the batched runs so that clock changes cannot favour either side.
    ThroughputRuns.WarmUpDevice(run, TimeSpan.FromSeconds(5));
    var measured = new List<ThroughputRow>();
    measured.AddRange(Stock(run));
    foreach (var batch in run.Batches)
    {
        measured.Add(ThroughputRuns.Engine(run, batch));
        measured.Add(ThroughputRuns.BareOnnxRuntime(run, batch));
    }
    measured.AddRange(Stock(run));
    rows.AddRange(measured.Select(r => r with { Precision = precision.Name() }));
}

Console.WriteLine();
Console.WriteLine($"{"method",-34} {"precision",9} {"batch",5} {"device",8} {"images/s",10}");
foreach (var row in rows)
    Console.WriteLine($"{row.Method,-34} {row.Precision,9} {row.Batch,5} {row.Device,8} {row.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture),10}");

Console.WriteLine();
foreach (var precision in settings.Precisions.Select(p => p.Name()))
{
    double Best(string method) => rows.Where(r => r.Method == method && r.Precision == precision).Max(r => r.ImagesPerSecond);
    var (engine, bare) = (Best(ThroughputRuns.EngineName), Best(ThroughputRuns.BareName));
    var stock = rows.Any(r => r.Method == ThroughputRuns.StockName && r.Precision == precision) ? Best(ThroughputRuns.StockName) : double.NaN;
    Console.WriteLine(FormattableString.Invariant($"{precision}: engine best / bare ORT best = {engine / bare:F2}; engine best / stock ML.NET best = {engine / stock:F2}"));
}

// (c) when ML.NET can load the model: its ONNX transformer knows no float16 tensor anywhere in a graph.
static IEnumerable<ThroughputRow> Stock(CheckSettings run)
{
    try
    {
        return [ThroughputRuns.StockMlNet(run)];
    }
    catch (InvalidOperationException e) when (e.Message.Contains("Float16", StringComparison.Ordinal))
    {
        Console.WriteLine($"(c) stock ML.NET cannot load {Path.GetFileName(run.ModelPath)}: {e.Message}");
        return [];
    }
}

// The model at a precision: the file itself for fp32, else a conversion kept beside the temporary folder's other runs.
static string ModelAt(string fp32, ModelPrecision precision)
{
    if (precision == ModelPrecision.Fp32) return fp32;
    var path = Path.Combine(Path.GetTempPath(), "reddino-gpucheck", $"{Path.GetFileNameWithoutExtension(fp32)}-{precision.Name()}.onnx");
    Console.WriteLine(OnnxPrecisionConverter.Convert(fp32, path, precision).Summary);
    return path;
}
