using RedDino.Formats.Text;

namespace RedDino.Formats.Tests.Text;

/// <summary>One reading of numbers from text: every spelling of a non-finite value is recognised (numpy and
/// Python write "nan"/"inf", .NET "NaN"/"Infinity"), overflow is infinite, and where a finite number is
/// required they are all refused with the same message.</summary>
[TestClass]
public sealed class NumberTextTests
{
    [TestMethod]
    [DataRow("nan"), DataRow("NaN"), DataRow("-nan"), DataRow("inf"), DataRow("-inf"), DataRow("+inf"), DataRow("Infinity"),
     DataRow("-INFINITY"), DataRow("1e999"), DataRow("-1e400")]
    public void NonFiniteSpellingsAreReadAsNonFiniteAndRefusedWhereFiniteIsRequired(string text)
    {
        Assert.IsTrue(NumberText.TryParseDouble(text, out var d));
        Assert.IsFalse(double.IsFinite(d));
        Assert.IsTrue(NumberText.TryParseSingle(text, out var f));
        Assert.IsFalse(float.IsFinite(f));
        Assert.AreEqual($"key: '{text}' is not a finite number", Assert.ThrowsExactly<InvalidDataException>(() => NumberText.ParseFiniteDouble(text, "key")).Message);
        Assert.AreEqual($"key: '{text}' is not a finite number", Assert.ThrowsExactly<InvalidDataException>(() => NumberText.ParseFiniteSingle(text, "key")).Message);
    }

    [TestMethod]
    public void Float32OverflowIsNotFiniteEvenWhenFloat64HoldsIt()
    {
        Assert.AreEqual(1e39, NumberText.ParseFiniteDouble("1e39", "key"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => NumberText.ParseFiniteSingle("1e39", "key")).Message, "not a finite number");
    }

    [TestMethod]
    public void OrdinaryNumbersInInvariantCulture()
    {
        Assert.AreEqual(-0.25, NumberText.ParseFiniteDouble("-2.5e-1", "key"));
        Assert.AreEqual(0.1f, NumberText.ParseFiniteSingle("0.1", "key"));
        Assert.AreEqual("key: '1,5' is not a number", Assert.ThrowsExactly<InvalidDataException>(() => NumberText.ParseFiniteDouble("1,5", "key")).Message);
        Assert.AreEqual("key: 'abc' is not a number", Assert.ThrowsExactly<InvalidDataException>(() => NumberText.ParseFiniteSingle("abc", "key")).Message);
        Assert.IsTrue(NumberText.TryParseInt(" -12 ", out var i));
        Assert.AreEqual(-12, i);
        Assert.IsFalse(NumberText.TryParseInt("1e3", out _));
        Assert.IsFalse(NumberText.TryParseInt("inf", out _));
    }
}
