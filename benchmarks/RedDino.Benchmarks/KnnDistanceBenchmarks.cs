using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Classifiers.Knn;
using TorchSharp;

namespace RedDino.Benchmarks;

/// <summary>k-NN distance throughput: 10,000 queries against 50,000 references of D = 384 (ViT-S
/// embeddings), i.e. 2·Q·R·D = 3.84e11 multiply-add operations per invocation.
/// - OrtGemmDistances: the library's blocked float32 distance product (ONNX Runtime Gemm, 1024 x 4096 blocks).
/// - KnnSearchK20: the library's whole exact search (distances + candidate heaps + float64 re-ranking).
/// - TorchMm: LibTorch's own torch.mm(Q, Rᵀ) on the same shapes in one call (the baseline; target: OrtGemmDistances >= 0.5x).</summary>
[Config(typeof(Config))]
public class KnnDistanceBenchmarks
{
    private const int Queries = 10_000, References = 50_000, Dimension = 384;
    private float[] _queries = [];
    private float[] _references = [];
    private float[] _referenceNorms = [];
    private float[] _block = [];
    private GemmDistanceKernel? _kernel;
    private NearestNeighborIndex? _index;
    private torch.Tensor? _torchQueries, _torchReferences;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process: building BenchmarkDotNet's boilerplate project takes longer than its 2-minute limit on small machines.
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(new GigaflopsColumn(_ => 2.0 * Queries * References * Dimension));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _queries = Enumerable.Range(0, Queries * Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _references = Enumerable.Range(0, References * Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _referenceNorms = new float[References];
        for (var r = 0; r < References; r++)
            _referenceNorms[r] = (float)_references.AsSpan(r * Dimension, Dimension).ToArray().Sum(v => (double)v * v);
        var options = new NeighborSearchOptions();
        _block = new float[options.QueryBlockSize * options.ReferenceBlockSize];
        _kernel = new GemmDistanceKernel(Dimension);
        _index = new NearestNeighborIndex(_references, Dimension, options: options);
        _torchQueries = torch.tensor(_queries, [Queries, Dimension]);
        _torchReferences = torch.tensor(_references, [References, Dimension]);
    }

    [Benchmark(Description = "ORT Gemm distances (library, blocked)")]
    public float OrtGemmDistances()
    {
        var options = _index!.Options;
        var checksum = 0f;
        for (var q = 0; q < Queries; q += options.QueryBlockSize)
        {
            var queryCount = Math.Min(options.QueryBlockSize, Queries - q);
            for (var r = 0; r < References; r += options.ReferenceBlockSize)
            {
                var referenceCount = Math.Min(options.ReferenceBlockSize, References - r);
                _kernel!.Compute(_queries.AsMemory(q * Dimension), queryCount, _references.AsMemory(r * Dimension), referenceCount,
                    _referenceNorms.AsMemory(r), _block);
                checksum += _block[0];
            }
        }
        return checksum;
    }

    [Benchmark(Description = "exact k-NN search, k=20 (library)")]
    public int KnnSearchK20() => _index!.Search(_queries, 20).Indices[0];

    [Benchmark(Baseline = true, Description = "torch.mm (LibTorch)")]
    public float TorchMm()
    {
        using var product = torch.mm(_torchQueries!, _torchReferences!.t());
        return product[0, 0].ToSingle();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kernel?.Dispose();
        _index?.Dispose();
        _torchQueries?.Dispose();
        _torchReferences?.Dispose();
    }
}
