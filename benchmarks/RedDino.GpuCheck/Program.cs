using System.Globalization;
using RedDino.GpuCheck;

// reddino-gpucheck --model FILE.onnx --images DIR [--count N] [--batches 1,8,32] [--device cuda|cpu] [--gpu-id 0]
// Measures images/s of (a) the RedDino embedding engine from image files, (b) a bare ONNX Runtime Run
// loop over tensors prepared in advance and (c) ML.NET's stock LoadImages + ResizeImages +
// ExtractPixels + ApplyOnnxModel, all on the same device, files and model, in one process.
var settings = CheckSettings.Parse(args);
Console.WriteLine($"model {settings.ModelPath}, {settings.ImagePaths.Count} images, device {settings.Device}:{settings.GpuId}, " +
                  $"{Environment.ProcessorCount} logical CPUs");

// A GPU idles at low clocks and ramps up under load: heat it first, then time the stock pipeline both
// before and after the batched runs so that clock changes cannot favour either side.
ThroughputRuns.WarmUpDevice(settings, TimeSpan.FromSeconds(5));
var rows = new List<ThroughputRow> { ThroughputRuns.StockMlNet(settings) };
foreach (var batch in settings.Batches)
{
    rows.Add(ThroughputRuns.Engine(settings, batch));
    rows.Add(ThroughputRuns.BareOnnxRuntime(settings, batch));
}
rows.Add(ThroughputRuns.StockMlNet(settings));

Console.WriteLine();
Console.WriteLine($"{"method",-34} {"batch",5} {"device",8} {"images/s",10}");
foreach (var row in rows)
    Console.WriteLine($"{row.Method,-34} {row.Batch,5} {row.Device,8} {row.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture),10}");

var bestEngine = rows.Where(r => r.Method == ThroughputRuns.EngineName).Max(r => r.ImagesPerSecond);
var bestBare = rows.Where(r => r.Method == ThroughputRuns.BareName).Max(r => r.ImagesPerSecond);
var stock = rows.Where(r => r.Method == ThroughputRuns.StockName).Max(r => r.ImagesPerSecond);
Console.WriteLine();
Console.WriteLine(FormattableString.Invariant($"engine best / bare ORT best = {bestEngine / bestBare:F2}"));
Console.WriteLine(FormattableString.Invariant($"engine best / stock ML.NET best = {bestEngine / stock:F2}"));
