using Microsoft.ML.OnnxRuntime;

namespace RedDino.MLNet.Embeddings;

/// <summary>Opens an ONNX Runtime session on the requested device. The library references only the
/// managed ONNX Runtime; the application's native package decides what exists: with
/// Microsoft.ML.OnnxRuntime.Gpu, CUDA is tried and, when it cannot start (no GPU, missing CUDA
/// libraries), the CPU is used after a one-line notice.</summary>
internal static class OnnxSessionFactory
{
    private const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>The session and the device it runs on ("cpu" or "cuda:N").</summary>
    public static (InferenceSession Session, string Device) Create(string modelPath, RedDinoEmbeddingOptions options)
    {
        var tryCuda = options.Device switch
        {
            EmbeddingDevice.Cpu => false,
            EmbeddingDevice.Cuda => true,
            // Auto: only when the native package was built with CUDA (the CPU package lists no CUDA provider).
            _ => CudaListed(),
        };
        if (tryCuda)
        {
            SessionOptions? cudaOptions = null;
            try
            {
                cudaOptions = BaseOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.GpuId);
                var session = new InferenceSession(modelPath, cudaOptions);
                return (session, $"cuda:{options.GpuId}");
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                options.Notice($"RedDino: CUDA (GPU {options.GpuId}) is not usable, running on CPU: {RedDinoModelInfo.FirstLine(e.Message)}");
            }
            finally
            {
                cudaOptions?.Dispose();
            }
        }
        using var cpuOptions = BaseOptions(options);
        return (RedDinoModelInfo.OpenSession(modelPath, cpuOptions), "cpu");
    }

    private static SessionOptions BaseOptions(RedDinoEmbeddingOptions options)
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0) sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        return sessionOptions;
    }

    private static bool CudaListed()
    {
        try
        {
            return OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException)
        {
            return false;
        }
    }
}
