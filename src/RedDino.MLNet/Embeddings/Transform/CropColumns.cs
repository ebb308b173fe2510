using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>The optional crop-box input of the embedding transform (<see cref="RedDinoEmbeddingOptions.CropBoxColumnName"/>:
/// one vector column [x, y, w, h]; or <see cref="RedDinoEmbeddingOptions.CropColumnNames"/>: four numeric columns, e.g.
/// crop_x, crop_y, crop_w, crop_h). A box is in pixels of the source image, as in a manifest: four integers, at least
/// 1 x 1; a row whose four values are all missing (NaN) or all 0 has no box (the whole image).</summary>
internal sealed class CropColumns
{
    private readonly string[] _names;
    private readonly bool _vector;

    private CropColumns(string[] names, bool vector)
    {
        _names = names;
        _vector = vector;
    }

    /// <summary>The crop input the options name, or null for none.</summary>
    public static CropColumns? From(RedDinoEmbeddingOptions options) =>
        options.CropBoxColumnName is { } vector ? new CropColumns([vector], vector: true)
        : options.CropColumnNames is { } four ? new CropColumns(four.ToArray(), vector: false)
        : null;

    /// <summary>The input columns read.</summary>
    public IEnumerable<DataViewSchema.Column> Columns(DataViewSchema input) => _names.Select(name => input[name]);

    /// <summary>Checks that the columns exist with a numeric type (a vector of 4 for the vector form).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Names the column and the type found.</exception>
    public void Check(DataViewSchema input)
    {
        foreach (var name in _names)
        {
            var column = input.GetColumnOrNull(name)
                ?? throw new ArgumentOutOfRangeException(nameof(input), $"Could not find crop-box column '{name}'");
            var ok = _vector
                ? column.Type is VectorDataViewType { Size: 4, ItemType: var item } && IsNumber(item)
                : IsNumber(column.Type);
            if (!ok)
                throw new ArgumentOutOfRangeException(nameof(input),
                    $"Schema mismatch for crop-box column '{name}': expected {(_vector ? "a vector of 4 numbers (x, y, w, h)" : "a number")}, got {column.Type}");
        }
    }

    /// <summary>Checks the columns in a schema shape (the estimator's GetOutputSchema).</summary>
    public void Check(SchemaShape input)
    {
        foreach (var name in _names)
        {
            var column = input.Where(c => c.Name == name).Select(c => (SchemaShape.Column?)c).LastOrDefault()
                ?? throw new ArgumentOutOfRangeException(nameof(input), $"Could not find crop-box column '{name}'");
            var ok = (column.Kind == SchemaShape.Column.VectorKind.Scalar) != _vector && IsNumber(column.ItemType);
            if (!ok)
                throw new ArgumentOutOfRangeException(nameof(input),
                    $"Schema mismatch for crop-box column '{name}': expected {(_vector ? "a vector of 4 numbers (x, y, w, h)" : "a number")}");
        }
    }

    /// <summary>Reads the current row's box (null: the whole image).</summary>
    public Func<CropBox?> Reader(DataViewRow row)
    {
        var values = new double[4];
        Action fill;
        if (_vector)
        {
            var get = VectorGetter(row, row.Schema[_names[0]]);
            fill = () => get(values);
        }
        else
        {
            var getters = _names.Select(name => ScalarGetter(row, row.Schema[name])).ToArray();
            fill = () =>
            {
                for (var i = 0; i < 4; i++) values[i] = getters[i]();
            };
        }
        return () =>
        {
            fill();
            var where = $"row {row.Position + 1}, crop box ({string.Join(", ", _names)})";
            // All NaN, or all 0 (LoadFromTextFile reads empty numbers as 0 unless MissingRealsAsNaNs): the whole image.
            if (values.All(double.IsNaN) || values.All(v => v == 0)) return null;
            var ints = new int[4];
            for (var i = 0; i < 4; i++)
            {
                if (double.IsNaN(values[i]) || values[i] != Math.Floor(values[i]) || values[i] is < int.MinValue or > int.MaxValue)
                    throw new InvalidDataException($"{where}: value {i + 1} of 4 is not an integer: {values[i]}");
                ints[i] = (int)values[i];
            }
            return CropBox.Checked(ints[0], ints[1], ints[2], ints[3], where);
        };
    }

    private static bool IsNumber(DataViewType? type) =>
        type == NumberDataViewType.Single || type == NumberDataViewType.Double || type == NumberDataViewType.Int32 || type == NumberDataViewType.Int64;

    private static Func<double> ScalarGetter(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Single) { var g = row.GetGetter<float>(column); return () => { float v = 0; g(ref v); return v; }; }
        if (column.Type == NumberDataViewType.Double) { var g = row.GetGetter<double>(column); return () => { double v = 0; g(ref v); return v; }; }
        if (column.Type == NumberDataViewType.Int32) { var g = row.GetGetter<int>(column); return () => { int v = 0; g(ref v); return v; }; }
        var l = row.GetGetter<long>(column);
        return () => { long v = 0; l(ref v); return v; };
    }

    private static Action<double[]> VectorGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var item = ((VectorDataViewType)column.Type).ItemType;
        if (item == NumberDataViewType.Single) return Copy<float>(row, column, v => v);
        if (item == NumberDataViewType.Double) return Copy<double>(row, column, v => v);
        if (item == NumberDataViewType.Int32) return Copy<int>(row, column, v => v);
        return Copy<long>(row, column, v => v);
    }

    // Sparse slots are zeros, as VBuffer defines them.
    private static Action<double[]> Copy<T>(DataViewRow row, DataViewSchema.Column column, Func<T, double> toDouble)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        return values =>
        {
            VBuffer<T> buffer = default;
            getter(ref buffer);
            Array.Clear(values);
            foreach (var (index, value) in buffer.Items()) values[index] = toDouble(value);
        };
    }
}
