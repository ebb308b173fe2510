using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = TorchSharp.torch.Tensor;

namespace RedDino.Backbone.Tests.Support;

/// <summary>Runs an exported backbone with ONNX Runtime (CPU) on a TorchSharp input.</summary>
internal static class OnnxRunner
{
    public static Dictionary<string, (float[] Values, int[] Dims)> Run(string modelPath, Tensor pixels)
    {
        using var session = new InferenceSession(modelPath);
        return Run(session, pixels);
    }

    public static Dictionary<string, (float[] Values, int[] Dims)> Run(InferenceSession session, Tensor pixels)
    {
        using var contiguous = pixels.contiguous();
        var input = new DenseTensor<float>(contiguous.data<float>().ToArray(), pixels.shape.Select(d => (int)d).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixel_values", input)]);
        return results.ToDictionary(r => r.Name, r =>
        {
            var t = r.AsTensor<float>();
            return (t.ToArray(), t.Dimensions.ToArray());
        });
    }
}
