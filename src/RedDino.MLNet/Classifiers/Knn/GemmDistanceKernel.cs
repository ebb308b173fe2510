using Microsoft.ML.OnnxRuntime;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>Partial squared distances of a block of queries to a block of references on ONNX
/// Runtime's CPU Gemm (MLAS, multi-threaded): out[i, j] = ||r_j||² - 2 q_i·r_j in float32
/// (see <see cref="DistanceGraph"/>). Inputs and output are bound in place (no copies).</summary>
internal sealed class GemmDistanceKernel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private static readonly string[] InputNames = [DistanceGraph.Queries, DistanceGraph.References, DistanceGraph.ReferenceNorms];
    private static readonly string[] OutputNames = [DistanceGraph.Output];

    /// <param name="dimension">Feature dimension D.</param>
    /// <param name="threads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    public GemmDistanceKernel(int dimension, int threads = 0)
    {
        Dimension = dimension;
        _session = Embeddings.OnnxRuntimeNative.Require(() =>
        {
            using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            // Idle pool threads sleep instead of spinning: the search alternates Gemm calls with managed
            // scanning on the same cores, and spinning threads would compete with it.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            return new InferenceSession(DistanceGraph.Build(dimension), options);
        });
    }

    public int Dimension { get; }

    /// <summary>Fills <paramref name="output"/> [queryCount, referenceCount] (row-major).</summary>
    /// <param name="queries">[queryCount, D] row-major.</param>
    /// <param name="queryCount">Rows of <paramref name="queries"/> to use.</param>
    /// <param name="references">[referenceCount, D] row-major.</param>
    /// <param name="referenceCount">Rows of <paramref name="references"/> to use.</param>
    /// <param name="referenceNorms">[referenceCount]: ||r_j||² (rounded to float32).</param>
    /// <param name="output">At least queryCount * referenceCount floats.</param>
    public void Compute(Memory<float> queries, int queryCount, Memory<float> references, int referenceCount,
        Memory<float> referenceNorms, Memory<float> output)
    {
        var memory = OrtMemoryInfo.DefaultInstance;
        using var q = OrtValue.CreateTensorValueFromMemory(memory, queries[..(queryCount * Dimension)], [queryCount, Dimension]);
        using var r = OrtValue.CreateTensorValueFromMemory(memory, references[..(referenceCount * Dimension)], [referenceCount, Dimension]);
        using var n = OrtValue.CreateTensorValueFromMemory(memory, referenceNorms[..referenceCount], [referenceCount]);
        using var o = OrtValue.CreateTensorValueFromMemory(memory, output[..(queryCount * referenceCount)], [queryCount, referenceCount]);
        _session.Run(_runOptions, InputNames, [q, r, n], OutputNames, [o]);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
