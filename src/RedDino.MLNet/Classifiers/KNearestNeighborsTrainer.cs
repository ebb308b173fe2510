using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers.Knn;

namespace RedDino.MLNet.Classifiers;

/// <summary>Exact brute-force k-nearest-neighbor classifier (scikit-learn's KNeighborsClassifier with
/// algorithm="brute"). Fitting stores the training embeddings and their class keys; see
/// <see cref="NearestNeighborIndex"/> for the search. Create it with
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...)</c>.</summary>
public sealed class KNearestNeighborsTrainer : IEstimator<KNearestNeighborsTransformer>
{
    private readonly KNearestNeighborsOptions _options;

    internal KNearestNeighborsTrainer(int numberOfNeighbors, KNearestNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfNeighbors, 1);
        options.Search.Validate();
        NumberOfNeighbors = numberOfNeighbors;
        _options = options;
    }

    /// <summary>k.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>Stores the rows with a label as references; rows whose label key is missing (0) are skipped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Wrong column types (names the column).</exception>
    /// <exception cref="InvalidDataException">Fewer usable rows than k, or a non-finite feature (names the row).</exception>
    public KNearestNeighborsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (feature, label) = KnnColumns.Resolve(input.Schema, _options);
        var dimension = ((VectorDataViewType)feature.Type).Size;
        var classNames = KnnColumns.ClassNames(label);

        var references = new List<float>();
        var classIds = new List<int>();
        using (var cursor = input.GetRowCursor([feature, label]))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(feature);
            var getLabel = cursor.GetGetter<uint>(label);
            VBuffer<float> features = default;
            uint key = 0;
            long row = -1;
            while (cursor.MoveNext())
            {
                row++;
                getLabel(ref key);
                if (key == 0) continue;
                getFeatures(ref features);
                foreach (var v in features.DenseValues())
                {
                    if (!float.IsFinite(v))
                        throw new InvalidDataException($"training data, row {row + 1}: column '{feature.Name}' holds {v}; k-NN needs finite features");
                    references.Add(v);
                }
                classIds.Add((int)key - 1);
            }
        }
        if (classIds.Count < NumberOfNeighbors)
            throw new InvalidDataException(
                $"k-NN with k={NumberOfNeighbors} needs at least {NumberOfNeighbors} labelled training rows; got {classIds.Count}");
        // Ties go to the ordinally smallest class name whichever key recipe made the label (first-seen
        // MapValueToKey or ordinal MapValueToClassKey), so predictions do not depend on it.
        var model = new KNearestNeighborsModel(references.ToArray(), classIds.ToArray(), dimension, classNames,
            NumberOfNeighbors, _options.Distance, _options.Weighting, _options.Search, tiesByName: KnnColumns.HasClassNames(label));
        return new KNearestNeighborsTransformer(model, label.Type, label.Annotations, _options);
    }

    /// <summary>Checks the feature and label columns and adds Score and PredictedLabel.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => KnnColumns.OutputShape(inputSchema, _options);
}
