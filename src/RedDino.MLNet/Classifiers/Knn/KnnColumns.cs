using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>Column checks and schema shapes shared by the k-NN trainer and transformer.</summary>
internal static class KnnColumns
{
    public const string KeyValuesKind = "KeyValues";
    public const string SlotNamesKind = "SlotNames";

    // Only used to ask stock estimators for column shapes (SchemaShape.Column has no public constructor).
    private static readonly MLContext ShapeContext = new(seed: 0);

    public static (DataViewSchema.Column Feature, DataViewSchema.Column Label) Resolve(DataViewSchema schema, KNearestNeighborsOptions options) =>
        (Feature(schema, options.FeatureColumnName), Label(schema, options.LabelColumnName));

    public static DataViewSchema.Column Feature(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{name}' not found");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } || n.RawType != typeof(float))
            throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{name}' must be a known-size vector of Single, found {column.Type}");
        return column;
    }

    public static DataViewSchema.Column Label(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Label column '{name}' not found");
        if (column.Type is not KeyDataViewType { RawType: var raw } || raw != typeof(uint))
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Label column '{name}' must be a key of UInt32 (use MapValueToKey with KeyOrdinality.ByValue), found {column.Type}");
        return column;
    }

    /// <summary>True when the label's keys carry text KeyValues (class names).</summary>
    public static bool HasClassNames(DataViewSchema.Column label) =>
        label.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is { Type: VectorDataViewType { ItemType: TextDataViewType } };

    /// <summary>The label's KeyValues as class names, or "1".."K" when it has none.</summary>
    public static string[] ClassNames(DataViewSchema.Column label)
    {
        var count = (int)((KeyDataViewType)label.Type).Count;
        if (HasClassNames(label))
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            label.Annotations.GetValue(KeyValuesKind, ref names);
            return names.DenseValues().Select(n => n.ToString()).ToArray();
        }
        return Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public static SchemaShape OutputShape(SchemaShape input, KNearestNeighborsOptions options)
    {
        if (!TryFind(input, options.FeatureColumnName, out var feature))
            throw new ArgumentOutOfRangeException(nameof(input), $"Feature column '{options.FeatureColumnName}' not found");
        if (feature.Kind != SchemaShape.Column.VectorKind.Vector || feature.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(input), $"Feature column '{options.FeatureColumnName}' must be a known-size vector of Single");
        if (!TryFind(input, options.LabelColumnName, out var label))
            throw new ArgumentOutOfRangeException(nameof(input), $"Label column '{options.LabelColumnName}' not found");
        if (!label.IsKey)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Label column '{options.LabelColumnName}' must be a key (use MapValueToKey with KeyOrdinality.ByValue)");
        // PredictedLabel: a copy of the label's shape (key + KeyValues); Score: a vector of Single.
        var withPrediction = ShapeContext.Transforms.CopyColumns(options.PredictedLabelColumnName, options.LabelColumnName).GetOutputSchema(input);
        return ShapeContext.Transforms.CopyColumns(options.ScoreColumnName, options.FeatureColumnName).GetOutputSchema(withPrediction);
    }

    private static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var candidate in shape)
            if (candidate.Name == name)
            {
                column = candidate;
                return true;
            }
        column = default;
        return false;
    }
}
