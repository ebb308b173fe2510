namespace RedDino.MLNet.Embeddings;

/// <summary>The library references the managed ONNX Runtime only; the application brings the native one
/// (Microsoft.ML.OnnxRuntime or Microsoft.ML.OnnxRuntime.Gpu). Without it, ONNX Runtime's first call fails
/// with a TypeInitializationException around a DllNotFoundException; this turns that into one sentence that
/// names the package to add.</summary>
internal static class OnnxRuntimeNative
{
    /// <summary>Runs <paramref name="call"/> (anything that touches ONNX Runtime first).</summary>
    /// <exception cref="OnnxRuntimeUnavailableException">The native ONNX Runtime is missing or does not fit the managed one.</exception>
    public static T Require<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (Missing(e) is { } reason)
        {
            throw new OnnxRuntimeUnavailableException(
                $"The native ONNX Runtime is not part of this application ({reason}): add the package Microsoft.ML.OnnxRuntime " +
                "(CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA) to the application's project, in the version RedDino.MLNet was built with " +
                $"({typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3)}).", e);
        }
    }

    /// <summary>Why the native library is unusable, or null when <paramref name="e"/> is about something else.</summary>
    internal static string? Missing(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DllNotFoundException)
                return "no onnxruntime native library was found";
            if (inner is EntryPointNotFoundException && e is TypeInitializationException)
                return "the onnxruntime native library found is of another version";
            if (inner is not TypeInitializationException)
                return null;
        }
        return null;
    }
}
