namespace RedDino.MLNet.Embeddings;

/// <summary>Where ONNX Runtime runs the backbone.</summary>
public enum EmbeddingDevice
{
    /// <summary>CUDA when the application ships a CUDA-enabled ONNX Runtime (Microsoft.ML.OnnxRuntime.Gpu)
    /// and a GPU answers; otherwise CPU (with a one-line message if CUDA was available but failed).</summary>
    Auto,

    /// <summary>Always the CPU execution provider.</summary>
    Cpu,

    /// <summary>The CUDA execution provider on <see cref="RedDinoEmbeddingOptions.GpuId"/>; if it cannot
    /// start, a one-line message says why and the CPU is used.</summary>
    Cuda,
}
