using System.Numerics;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>A bounded max-heap of (float32 partial distance, reference index) per query, stored in
/// caller-owned spans: it keeps the m smallest values seen. Once full, a value must be below the
/// root (the current m-th smallest) to enter.</summary>
internal static class CandidateHeap
{
    /// <summary>Offers every value of <paramref name="row"/> (reference indexes offset + j); SIMD rejects
    /// whole vectors above the threshold, which is nearly all of them once the heap is full.</summary>
    public static void Scan(ReadOnlySpan<float> row, int referenceOffset, Span<float> values, Span<int> indices, ref int size)
    {
        var threshold = size == values.Length ? values[0] : float.PositiveInfinity;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= row.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                if (!Vector.LessThanAny(new Vector<float>(row[j..]), new Vector<float>(threshold)))
                    continue;
                for (var lane = j; lane < j + Vector<float>.Count; lane++)
                    if (row[lane] < threshold)
                        threshold = Push(values, indices, ref size, row[lane], referenceOffset + lane);
            }
        }
        for (; j < row.Length; j++)
            if (row[j] < threshold)
                threshold = Push(values, indices, ref size, row[j], referenceOffset + j);
    }

    /// <summary>Adds (value, index), evicting the largest when full; returns the new entry threshold.</summary>
    public static float Push(Span<float> values, Span<int> indices, ref int size, float value, int index)
    {
        if (size < values.Length)
        {
            var child = size++;
            while (child > 0)
            {
                var parent = (child - 1) / 2;
                if (values[parent] >= value) break;
                values[child] = values[parent];
                indices[child] = indices[parent];
                child = parent;
            }
            values[child] = value;
            indices[child] = index;
        }
        else
        {
            SiftDown(values, indices, size, value, index);
        }
        return size == values.Length ? values[0] : float.PositiveInfinity;
    }

    // Replaces the root by (value, index) and restores the max-heap order.
    private static void SiftDown(Span<float> values, Span<int> indices, int size, float value, int index)
    {
        var hole = 0;
        while (true)
        {
            var child = 2 * hole + 1;
            if (child >= size) break;
            if (child + 1 < size && values[child + 1] > values[child]) child++;
            if (values[child] <= value) break;
            values[hole] = values[child];
            indices[hole] = indices[child];
            hole = child;
        }
        values[hole] = value;
        indices[hole] = index;
    }
}
