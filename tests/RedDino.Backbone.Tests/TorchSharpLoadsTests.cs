using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests;

[TestClass]
public sealed class TorchSharpLoadsTests
{
    // Proves the native LibTorch shim loads on this machine (see build/PatchLibTorchSharp.targets).
    [TestMethod]
    public void MatmulRunsOnCpu()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        using var c = a.matmul(b);
        CollectionAssert.AreEqual(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}
