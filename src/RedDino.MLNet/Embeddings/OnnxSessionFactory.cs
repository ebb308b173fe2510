using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;

namespace RedDino.MLNet.Embeddings;

/// <summary>Opens an ONNX Runtime session on the requested device. The library references only the
/// managed ONNX Runtime; the application's native package decides what exists (none at all is an error that
/// names the package to add, <see cref="OnnxRuntimeNative"/>). <c>Auto</c> with Microsoft.ML.OnnxRuntime.Gpu
/// tries CUDA and, when it cannot start (no GPU, missing CUDA libraries), uses the CPU after a one-line notice,
/// given once per process and notice sink (a command that opens several models, or a bundle loaded twice, says
/// it once). <c>Cuda</c> asks for the GPU and nothing else: when CUDA cannot start it is an error, as ML.NET's
/// own <c>fallbackToCpu: false</c>.</summary>
internal static class OnnxSessionFactory
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private const int ReasonLength = 120;

    // The sinks (and GPU ids) already told that CUDA is not usable; the console when no sink is set.
    private static readonly ConditionalWeakTable<object, HashSet<int>> Told = new();
    private static readonly object Console = new();

    /// <summary>Tests only: Auto tries CUDA even when the native package lists no CUDA provider, so that the
    /// fallback can be seen on the CPU package the tests carry (per thread: sessions open on the caller's thread).</summary>
    [ThreadStatic]
    internal static bool TryCudaWhenNotListed;

    /// <summary>The session and the device it runs on ("cpu" or "cuda:N").</summary>
    public static (InferenceSession Session, string Device) Create(string modelPath, RedDinoEmbeddingOptions options) =>
        OnnxRuntimeNative.Require(() => Open(modelPath, options));

    private static (InferenceSession Session, string Device) Open(string modelPath, RedDinoEmbeddingOptions options)
    {
        var tryCuda = options.Device switch
        {
            EmbeddingDevice.Cpu => false,
            EmbeddingDevice.Cuda => true,
            // Auto: only when the native package was built with CUDA (the CPU package lists no CUDA provider).
            _ => CudaListed() || TryCudaWhenNotListed,
        };
        if (tryCuda)
        {
            SessionOptions? cudaOptions = null;
            // ONNX Runtime logs its own multi-line error when the CUDA provider cannot load; the one line
            // below says it instead, so its logger is quiet during the attempt.
            var env = OrtEnv.Instance();
            var logLevel = env.EnvLogLevel;
            env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                cudaOptions = BaseOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.GpuId);
                var session = new InferenceSession(modelPath, cudaOptions);
                return (session, $"cuda:{options.GpuId}");
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                if (options.Device == EmbeddingDevice.Cuda)
                    throw new OnnxRuntimeUnavailableException(
                        $"CUDA (GPU {options.GpuId}) cannot start: {Reason(e)}; the device 'auto' falls back to the CPU, 'cpu' never tries CUDA", e);
                if (FirstTime(options))
                    options.Notice($"RedDino: CUDA (GPU {options.GpuId}) is not usable, running on CPU: {Reason(e)}");
            }
            finally
            {
                env.EnvLogLevel = logLevel;
                cudaOptions?.Dispose();
            }
        }
        using var cpuOptions = BaseOptions(options);
        return (RedDinoModelInfo.OpenSession(modelPath, cpuOptions), "cpu");
    }

    private static bool FirstTime(RedDinoEmbeddingOptions options)
    {
        var sink = options.Log?.Target ?? (object?)options.Log?.Method ?? Console;
        var gpus = Told.GetValue(sink, _ => []);
        lock (gpus) return gpus.Add(options.GpuId);
    }

    // One short clause: what is missing, not ONNX Runtime's own wording (error codes, entry points).
    private static string Reason(Exception e)
    {
        var reason = RedDinoModelInfo.FirstLine(e.Message);
        if (e is EntryPointNotFoundException || reason.Contains("entry point", StringComparison.OrdinalIgnoreCase))
            return "the application carries the CPU-only ONNX Runtime package";
        if (reason.Contains("Failed to load", StringComparison.OrdinalIgnoreCase))
            return "the CUDA/cuDNN libraries this ONNX Runtime GPU build needs are missing";
        reason = System.Text.RegularExpressions.Regex.Replace(reason, @"^\[ErrorCode:\w+\]\s*", "");
        return reason.Length <= ReasonLength ? reason : reason[..ReasonLength] + "...";
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
