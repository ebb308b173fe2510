using RedDino.Pretraining.Train;

namespace RedDino.Pretraining.Tests.Support;

[TestClass]
public static class TestSetup
{
    /// <summary>Before any tensor: libgomp's spinning threads waste most of a shared machine's CPU.</summary>
    [AssemblyInitialize]
    public static void PassiveOpenMp(TestContext context) => NativeThreading.PreferPassiveWaiting();
}
