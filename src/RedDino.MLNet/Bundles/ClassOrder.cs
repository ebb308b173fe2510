using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Bundles;

/// <summary>
/// The bundle's class order on its output: an ML.NET head trained on keys of another order (MapValueToKey's
/// first-seen order) outputs Score and PredictedLabel in that order; this puts them in the bundle's (ordinal)
/// class order, with the class names as Score's SlotNames and PredictedLabel's KeyValues, so that a label keyed
/// with <c>MapValueToClassKey(bundle.Classes)</c> and the predictions use the same keys whatever recipe trained
/// the head. Also the check that refuses input whose label keys follow another order (metrics would compare
/// different classes without a word).
/// </summary>
internal sealed class ClassOrder : RowFunction
{
    private readonly int[] _classOfKey; // head key index -> bundle class index
    private readonly IReadOnlyList<DataViewSchema.DetachedColumn> _added;

    public ClassOrder(IReadOnlyList<string> keyClasses, IReadOnlyList<string> classes)
    {
        var index = classes.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        _classOfKey = keyClasses.Select(name => index[name]).ToArray();
        var names = Names(classes);
        _added =
        [
            new DataViewSchema.DetachedColumn(BundleParts.ScoreColumn, new VectorDataViewType(NumberDataViewType.Single, classes.Count), Annotation("SlotNames", names)),
            new DataViewSchema.DetachedColumn(BundleParts.PredictedLabelColumn, new KeyDataViewType(typeof(uint), classes.Count), Annotation("KeyValues", names)),
        ];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> AddedColumns => _added;

    public override IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema input) =>
        [input[BundleParts.ScoreColumn], input[BundleParts.PredictedLabelColumn]];

    public override Delegate[] Getters(DataViewRow row)
    {
        var getScore = row.GetGetter<VBuffer<float>>(row.Schema[BundleParts.ScoreColumn]);
        var getKey = row.GetGetter<uint>(row.Schema[BundleParts.PredictedLabelColumn]);
        var k = _classOfKey.Length;
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> value) =>
        {
            VBuffer<float> source = default;
            getScore(ref source);
            var editor = VBufferEditor.Create(ref value, k);
            editor.Values.Clear();
            foreach (var (slot, v) in source.Items())
                editor.Values[_classOfKey[slot]] = v;
            value = editor.Commit();
        };
        ValueGetter<uint> label = (ref uint value) =>
        {
            uint key = 0;
            getKey(ref key);
            value = key >= 1 && key <= k ? (uint)_classOfKey[key - 1] + 1 : 0;
        };
        return [score, label];
    }

    /// <summary>Throws when <paramref name="input"/> has <paramref name="labelColumn"/> as a key whose KeyValues are not
    /// <paramref name="classes"/> in this order: the label keys and the predicted keys would mean different classes.</summary>
    /// <exception cref="InvalidDataException">Names both orders and the recipe that gives the bundle's.</exception>
    public static void CheckLabelKeys(DataViewSchema input, string labelColumn, IReadOnlyList<string> classes, string bundlePath)
    {
        if (input.GetColumnOrNull(labelColumn) is not { Type: KeyDataViewType } label
            || label.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
            return;
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.Annotations.GetValue("KeyValues", ref names);
        var keys = names.DenseValues().Select(n => n.ToString()).ToArray();
        if (keys.SequenceEqual(classes, StringComparer.Ordinal))
            return;
        throw new InvalidDataException(
            $"{bundlePath}: the data's '{labelColumn}' keys are [{string.Join(", ", keys)}] but the bundle's classes (PredictedLabel keys) are " +
            $"[{string.Join(", ", classes)}]: the same key would mean different classes and metrics would be wrong; key the labels with " +
            $"mlContext.Transforms.Conversion.MapValueToClassKey(bundle.Classes, \"{labelColumn}\")");
    }

    private static VBuffer<ReadOnlyMemory<char>> Names(IReadOnlyList<string> classes) =>
        new(classes.Count, classes.Select(c => c.AsMemory()).ToArray());

    private static DataViewSchema.Annotations Annotation(string kind, VBuffer<ReadOnlyMemory<char>> names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(kind, new VectorDataViewType(TextDataViewType.Instance, names.Length), (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
        return builder.ToAnnotations();
    }
}
