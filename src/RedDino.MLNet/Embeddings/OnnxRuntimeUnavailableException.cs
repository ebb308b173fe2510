namespace RedDino.MLNet.Embeddings;

/// <summary>ONNX Runtime cannot run as asked: the application carries no native ONNX Runtime (the message names
/// the package to add), or <see cref="EmbeddingDevice.Cuda"/> was asked for and CUDA cannot start. A setup
/// problem, not a fault of the model or the images.</summary>
public sealed class OnnxRuntimeUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what to do about it.</param>
    /// <param name="innerException">ONNX Runtime's own exception.</param>
    public OnnxRuntimeUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
