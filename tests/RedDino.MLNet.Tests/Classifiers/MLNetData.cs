using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Tests.Classifiers;

/// <summary>Small in-memory IDataViews for the classifier tests.</summary>
internal static class MLNetData
{
    public sealed class Row
    {
        public string Label = "";
        public float[] Features = [];
        public int Id;
    }

    public static IDataView Load(MLContext ml, float[] features, int dimension, IReadOnlyList<string> labels)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var rows = labels.Select((label, i) => new Row { Label = label, Features = features[(i * dimension)..((i + 1) * dimension)], Id = i });
        return ml.Data.LoadFromEnumerable(rows.ToArray(), definition);
    }

    /// <summary>MapValueToKey over all <paramref name="classes"/> (ordinal order), so every split shares one key type.</summary>
    public static IEstimator<ITransformer> LabelToKey(MLContext ml, IReadOnlyList<string> classes) =>
        ml.Transforms.Conversion.MapValueToClassKey(classes);

    public static string[] Strings(IDataView data, string column) =>
        data.GetColumn<ReadOnlyMemory<char>>(column).Select(m => m.ToString()).ToArray();
}
