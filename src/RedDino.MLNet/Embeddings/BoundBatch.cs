using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedDino.Formats.Onnx;

namespace RedDino.MLNet.Embeddings;

/// <summary>
/// One batch's input [B, 3, S, S] and output [B, D] memory, bound to the session once with ONNX Runtime's IO
/// binding: the engine packs images straight into <see cref="Input"/> and reads <see cref="Output"/> after
/// <see cref="Run"/>, with no per-call tensor set-up. On CUDA both live in page-locked host memory from ONNX
/// Runtime's CUDA-pinned allocator, so the copies to and from the GPU run at full speed while the CPU packs
/// the next batch into the engine's other buffer pair; on the CPU they are pinned managed arrays that ONNX
/// Runtime reads and writes in place. Only full batches run through the binding; the engine runs a last,
/// smaller batch from copies (<see cref="EmbeddingEngine.RunBound"/>).
/// </summary>
internal sealed class BoundBatch : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _input, _output; // [Capacity, 3, S, S] and [Capacity, D]
    private readonly RunOptions _runOptions = new();

    /// <param name="session">The engine's session.</param>
    /// <param name="pinnedAllocator">The session's CUDA-pinned allocator, or null for pinned managed arrays (CPU).</param>
    /// <param name="capacity">Images per batch B.</param>
    /// <param name="imageSize">Side S.</param>
    /// <param name="dim">Embedding size D.</param>
    public BoundBatch(InferenceSession session, OrtAllocator? pinnedAllocator, int capacity, int imageSize, int dim)
    {
        _session = session;
        Capacity = capacity;
        long[] inputShape = [capacity, 3, imageSize, imageSize], outputShape = [capacity, dim];
        (_input, _output) = pinnedAllocator is null
            ? (OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, GC.AllocateUninitializedArray<float>(capacity * 3 * imageSize * imageSize, pinned: true).AsMemory(), inputShape),
               OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, GC.AllocateUninitializedArray<float>(capacity * dim, pinned: true).AsMemory(), outputShape))
            : (OrtValue.CreateAllocatedTensorValue(pinnedAllocator, TensorElementType.Float, inputShape),
               OrtValue.CreateAllocatedTensorValue(pinnedAllocator, TensorElementType.Float, outputShape));
        _binding = session.CreateIoBinding();
        _binding.BindInput(BackboneContract.InputName, _input);
        _binding.BindOutput(BackboneContract.EmbeddingOutput, _output);
    }

    /// <summary>Images the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>Where to pack the batch: [Capacity, 3, S, S], row-major.</summary>
    public Span<float> Input => _input.GetTensorMutableDataAsSpan<float>();

    /// <summary>The embeddings after <see cref="Run"/>: [Capacity, D].</summary>
    public Span<float> Output => _output.GetTensorMutableDataAsSpan<float>();

    /// <summary>Runs the model on the whole batch: <see cref="Input"/> to <see cref="Output"/>.</summary>
    public void Run()
    {
        _session.RunWithBinding(_runOptions, _binding);
        _binding.SynchronizeBoundOutputs();
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
    }
}
