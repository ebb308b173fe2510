using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>Every classifier of one backbone's embeddings over one protocol: one "backbones" entry of
/// metrics.json plus the per-row facts the predictions files need. Several of these (same protocol,
/// same classes) merge into one report (<see cref="EvaluationReport"/>).</summary>
/// <param name="Backbone">Backbone name (the embeddings' model_name, or the file stem).</param>
/// <param name="ModelSha256">sha256 of the ONNX model ("" when unknown).</param>
/// <param name="EmbedDim">Embedding dimension D.</param>
/// <param name="Protocol">The protocol the splits came from.</param>
/// <param name="Classes">Class names in index order.</param>
/// <param name="Classifiers">Results per classifier, in the order asked.</param>
/// <param name="Paths">Image path of every row (data order).</param>
/// <param name="Labels">True label of every row (data order).</param>
/// <param name="Warnings">Non-fatal warnings raised while splitting.</param>
public sealed record BackboneEvaluation(string Backbone, string ModelSha256, int EmbedDim, EvaluationProtocol Protocol,
    IReadOnlyList<string> Classes, IReadOnlyList<ClassifierEvaluation> Classifiers,
    IReadOnlyList<string> Paths, IReadOnlyList<string> Labels, IReadOnlyList<string> Warnings)
{
    /// <summary>The metrics.json entry of this backbone (without the predictions).</summary>
    public BackboneMetrics ToMetrics() => new(Backbone, ModelSha256, EmbedDim, Classifiers.Select(c => c.ToMetrics()).ToArray());
}
