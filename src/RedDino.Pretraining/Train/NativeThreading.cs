using System.Runtime.InteropServices;

namespace RedDino.Pretraining.Train;

/// <summary>LibTorch's CPU kernels run on OpenMP (libgomp), whose idle threads spin by default.
/// On a shared machine that spinning costs several times the useful work: measured here with
/// 2 LibTorch threads on a loaded 2-core machine, one nano training step took 9.1 CPU-s (38.7 s)
/// spinning and 2.0 CPU-s (6.8 s) with OMP_WAIT_POLICY=PASSIVE. libgomp reads the variable when it
/// is loaded, so this must run before the first tensor operation; a value the user set wins.</summary>
public static partial class NativeThreading
{
    public static void PreferPassiveWaiting()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
            return;
        // .NET keeps its own copy of the environment: the native one must be set for libgomp to see it.
        _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
