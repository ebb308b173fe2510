using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>A data set of synthetic.json or real.json (same rows embedded by several backbones, with a
/// batch column) evaluated by the project's evaluator and analysed, once per protocol.</summary>
internal sealed class AnalysisDataSet
{
    private static readonly Dictionary<(string, string), AnalysisDataSet> Cache = [];

    private AnalysisDataSet(string file, string protocol)
    {
        Fixture = AnalysisFixtures.Load(file);
        Expected = Fixture["protocols"]![protocol]!.AsObject();
        Dimension = Fixture["dim"]!.GetValue<int>();
        Labels = EvaluationFixtures.Strings(Fixture["labels"]);
        Batches = EvaluationFixtures.Strings(Fixture["batches"]);
        BatchColumn = Fixture["batch_column"]!.GetValue<string>();
        Classifiers = EvaluationFixtures.Strings(Fixture["classifiers"]);
        var ml = new MLContext(seed: 1);
        var options = new EvaluationOptions
        {
            Protocol = protocol == "kfold" ? EvaluationProtocol.KFold() : EvaluationProtocol.LeaveOneGroupOut("source"),
            Classifiers = ClassifierSpec.ParseList(Classifiers),
        };
        var evaluator = new EmbeddingEvaluator(ml, options);
        Inputs = Fixture["embeddings"]!.AsObject().Select(pair =>
        {
            var features = EvaluationFixtures.Floats(pair.Value);
            return new BackboneInput(evaluator.Evaluate(View(ml, features), pair.Key), features);
        }).ToArray();
        Analysis = new EvaluationAnalyzer(ml).Analyze(Inputs, new BatchLabels(BatchColumn, Batches));
    }

    public JsonObject Fixture { get; }

    /// <summary>The protocol's expected values: backbones.{name}.{classifier}.{pooled, ci95, predicted}, comparisons.</summary>
    public JsonObject Expected { get; }

    public int Dimension { get; }
    public string[] Labels { get; }
    public string[] Batches { get; }
    public string BatchColumn { get; }
    public string[] Classifiers { get; }
    public IReadOnlyList<BackboneInput> Inputs { get; }
    public EvaluationAnalysis Analysis { get; }

    public static AnalysisDataSet Get(string file, string protocol)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((file, protocol), out var set))
                Cache[(file, protocol)] = set = new AnalysisDataSet(file, protocol);
            return set;
        }
    }

    private IDataView View(MLContext ml, float[] features)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        var rows = Labels.Select((label, i) => new Row
        {
            Path = $"cells/{i}.png", Label = label, Source = Batches[i], Features = features[(i * Dimension)..((i + 1) * Dimension)],
        });
        return ml.Data.LoadFromEnumerable(rows.ToArray(), definition);
    }

    private sealed class Row
    {
        public string Path = "";
        public string Label = "";
        public string Source = "";
        public float[] Features = [];
    }
}
