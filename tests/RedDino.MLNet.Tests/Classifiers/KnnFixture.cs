using System.Text.Json.Nodes;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Tests.Evaluation;

namespace RedDino.MLNet.Tests.Classifiers;

/// <summary>One case of tests/fixtures/evaluation/knn.json (scikit-learn KNeighborsClassifier, brute force, float64).</summary>
internal sealed record KnnFixture(string Name, int Dimension, float[] References, string[] Labels, float[] Queries,
    ClassIndex Classes, IReadOnlyList<KnnRun> Runs)
{
    public int QueryCount => Queries.Length / Dimension;

    public static IReadOnlyList<KnnFixture> All { get; } = Load();

    public static KnnFixture Named(string name) => All.Single(c => c.Name == name);

    private static IReadOnlyList<KnnFixture> Load() =>
        EvaluationFixtures.Load("knn.json")["cases"]!.AsArray().Select(c => Parse(c!.AsObject())).ToArray();

    private static KnnFixture Parse(JsonObject c)
    {
        var labels = EvaluationFixtures.Strings(c["labels"]);
        var classes = new ClassIndex(labels);
        CollectionAssert.AreEqual(EvaluationFixtures.Strings(c["classes"]), classes.Names.ToArray(), "class order = numpy unique");
        var runs = c["runs"]!.AsArray().Select(r => new KnnRun(
            r!["k"]!.GetValue<int>(),
            r["weights"]!.GetValue<string>() == "distance" ? KnnWeighting.Distance : KnnWeighting.Uniform,
            r["metric"]!.GetValue<string>() == "cosine" ? KnnDistance.Cosine : KnnDistance.Euclidean,
            EvaluationFixtures.Strings(r["predicted"]),
            r["proba"]!.AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray(),
            r["vote_ties"]!.GetValue<int>())).ToArray();
        return new KnnFixture(c["name"]!.GetValue<string>(), c["dim"]!.GetValue<int>(), EvaluationFixtures.Floats(c["reference"]),
            labels, EvaluationFixtures.Floats(c["queries"]), classes, runs);
    }
}

internal sealed record KnnRun(int K, KnnWeighting Weighting, KnnDistance Distance, string[] Predicted, double[][] Proba, int VoteTies)
{
    public override string ToString() => $"k={K} {Weighting} {Distance}";
}
