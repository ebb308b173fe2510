namespace RedDino.GpuCheck;

/// <summary>One measured configuration.</summary>
internal sealed record ThroughputRow(string Method, int Batch, string Device, double ImagesPerSecond, string Precision = "fp32");
