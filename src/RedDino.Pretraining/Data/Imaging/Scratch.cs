using System.Buffers;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>A temporary buffer from the shared array pool, returned on Dispose. The filters' padded
/// copies and row sums of a 224 px crop are over 85 kB, so fresh arrays would land on the large
/// object heap on every call and keep the collector busy; pooled ones are reused across calls and
/// threads. The contents are not cleared: <paramref name="clear"/> asks for zeros.</summary>
internal readonly struct Scratch<T> : IDisposable
{
    public Scratch(int length, bool clear = false)
    {
        Array = ArrayPool<T>.Shared.Rent(length);
        Length = length;
        if (clear) System.Array.Clear(Array, 0, length);
    }

    public T[] Array { get; }

    public int Length { get; }

    public Span<T> Span => Array.AsSpan(0, Length);

    public void Dispose() => ArrayPool<T>.Shared.Return(Array);
}
