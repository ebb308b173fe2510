using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Embeddings;

/// <summary>Copies one pass-through column's value out of an upstream row, so it can be served later:
/// the batching cursor reads rows ahead, and upstream getters only ever show the current row.</summary>
internal abstract class ColumnCapture(DataViewSchema.Column column)
{
    /// <summary>Column index in the upstream (and the output) schema.</summary>
    public int Index { get; } = column.Index;

    /// <summary>Reads and copies the upstream row's current value.</summary>
    public abstract object? Capture();

    /// <summary>A getter (ValueGetter of the column's raw type) serving what <paramref name="current"/> returns.</summary>
    public abstract Delegate Getter(Func<object?> current);

    public static ColumnCapture Create(DataViewRow row, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        Type captureType;
        if (raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>))
            captureType = typeof(VectorCapture<>).MakeGenericType(raw.GetGenericArguments()[0]);
        else if (raw == typeof(ReadOnlyMemory<char>))
            captureType = typeof(TextCapture);
        else if (raw == typeof(MLImage))
            captureType = typeof(ImageCapture);
        else if (raw.IsValueType)
            captureType = typeof(ValueCapture<>).MakeGenericType(raw);
        else
            throw new NotSupportedException($"column '{column.Name}' of type {column.Type} cannot pass through the RedDino embedding transform");
        return (ColumnCapture)Activator.CreateInstance(captureType, row, column)!;
    }
}

/// <summary>Scalars (numbers, booleans, keys, row ids, dates): copied by value.</summary>
internal sealed class ValueCapture<T>(DataViewRow row, DataViewSchema.Column column) : ColumnCapture(column) where T : struct
{
    private readonly ValueGetter<T> _getter = row.GetGetter<T>(column);

    public override object? Capture()
    {
        T value = default;
        _getter(ref value);
        return value;
    }

    public override Delegate Getter(Func<object?> current) => (ValueGetter<T>)((ref T value) => value = (T)current()!);
}

/// <summary>Text: upstream may reuse its character buffers, so the value is copied into a string.</summary>
internal sealed class TextCapture(DataViewRow row, DataViewSchema.Column column) : ColumnCapture(column)
{
    private readonly ValueGetter<ReadOnlyMemory<char>> _getter = row.GetGetter<ReadOnlyMemory<char>>(column);

    public override object? Capture()
    {
        ReadOnlyMemory<char> value = default;
        _getter(ref value);
        return value.ToString();
    }

    public override Delegate Getter(Func<object?> current) =>
        (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = ((string)current()!).AsMemory());
}

/// <summary>Vectors: deep-copied when captured, and copied again into the caller's buffer when served.</summary>
internal sealed class VectorCapture<T>(DataViewRow row, DataViewSchema.Column column) : ColumnCapture(column)
{
    private readonly ValueGetter<VBuffer<T>> _getter = row.GetGetter<VBuffer<T>>(column);

    public override object? Capture()
    {
        VBuffer<T> value = default;
        _getter(ref value);
        VBuffer<T> copy = default;
        value.CopyTo(ref copy);
        return copy;
    }

    public override Delegate Getter(Func<object?> current) =>
        (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => ((VBuffer<T>)current()!).CopyTo(ref value));
}

/// <summary>Images: upstream may dispose an MLImage once it moves on, so the pixels are cloned.</summary>
internal sealed class ImageCapture(DataViewRow row, DataViewSchema.Column column) : ColumnCapture(column)
{
    private readonly ValueGetter<MLImage> _getter = row.GetGetter<MLImage>(column);

    public override object? Capture()
    {
        MLImage value = null!;
        _getter(ref value);
        return value is null ? null : MLImage.CreateFromPixels(value.Width, value.Height, value.PixelFormat, value.Pixels);
    }

    public override Delegate Getter(Func<object?> current) => (ValueGetter<MLImage>)((ref MLImage value) => value = (MLImage)current()!);
}
