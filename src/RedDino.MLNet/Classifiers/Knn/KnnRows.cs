using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>k-NN one row at a time (PredictionEngine): Score and PredictedLabel of the row's features, computed
/// as a block of one. <see cref="KnnCursor"/> serves <c>Transform</c> in blocks with the same columns.</summary>
internal sealed class KnnRows(KNearestNeighborsModel model, string featureColumn, IReadOnlyList<DataViewSchema.DetachedColumn> added) : RowFunction
{
    public override IReadOnlyList<DataViewSchema.DetachedColumn> AddedColumns => added;

    public override IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema input) => [input[featureColumn]];

    public override Delegate[] Getters(DataViewRow row)
    {
        var getFeatures = row.GetGetter<VBuffer<float>>(row.Schema[featureColumn]);
        var features = new float[model.Dimension];
        long computedFor = -1;
        float[] scores = [];
        var predicted = 0;
        void Compute()
        {
            if (computedFor == row.Position) return;
            VBuffer<float> buffer = default;
            getFeatures(ref buffer);
            if (buffer.Length != model.Dimension)
                throw new InvalidDataException($"row {row.Position + 1}: {buffer.Length} features, the model expects {model.Dimension}");
            buffer.CopyTo(features);
            var (s, p) = model.Predict(features);
            (scores, predicted, computedFor) = (s, p[0], row.Position);
        }
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> value) =>
        {
            Compute();
            var editor = VBufferEditor.Create(ref value, scores.Length);
            scores.CopyTo(editor.Values);
            value = editor.Commit();
        };
        ValueGetter<uint> label = (ref uint value) =>
        {
            Compute();
            value = (uint)predicted + 1; // keys are 1-based
        };
        return [score, label];
    }
}
