using System.Numerics;
using RedDino.MLNet.Compat;

namespace RedDino.MLNet.Tests.Compat;

[TestClass]
public sealed class VectorFmaTests
{
    [TestMethod]
    public void TheNet8PathRoundsOnceAsTheRuntimesFusedMultiplyAdd()
    {
        var random = new Random(7);
        var n = Vector<double>.Count;
        for (var trial = 0; trial < 200; trial++)
        {
            // First lane: (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 fused, 0 when the product is rounded first.
            var a = new double[n]; var b = new double[n]; var c = new double[n];
            for (var i = 0; i < n; i++) { a[i] = random.NextDouble() * 10 - 5; b[i] = random.NextDouble() * 10 - 5; c[i] = random.NextDouble() * 10 - 5; }
            a[0] = 1 + Math.Pow(2, -30); b[0] = 1 - Math.Pow(2, -30); c[0] = -1;
            var expected = Vector.FusedMultiplyAdd(new Vector<double>(a), new Vector<double>(b), new Vector<double>(c));
            Assert.AreEqual(-Math.Pow(2, -60), expected[0], "the reference is fused");
            var intrinsics = VectorFma.WithIntrinsics(new Vector<double>(a), new Vector<double>(b), new Vector<double>(c));
            var perElement = VectorFma.PerElement(new Vector<double>(a), new Vector<double>(b), new Vector<double>(c));
            for (var i = 0; i < n; i++)
            {
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(intrinsics[i]), $"lane {i}, hardware path");
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(perElement[i]), $"lane {i}, per element");
            }
        }
    }
}
