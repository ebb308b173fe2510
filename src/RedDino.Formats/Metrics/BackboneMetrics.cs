namespace RedDino.Formats.Metrics;

/// <summary>One backbone's entry of metrics.json (<c>backbones.&lt;name&gt;</c>).</summary>
/// <param name="Name">Backbone name (the key; the embeddings' model_name or the file stem).</param>
/// <param name="ModelSha256">sha256 of the ONNX model ("" when unknown).</param>
/// <param name="EmbedDim">Embedding dimension D.</param>
/// <param name="Classifiers">Classifiers in the order they were run (the tables' column order).</param>
public sealed record BackboneMetrics(string Name, string ModelSha256, int EmbedDim, IReadOnlyList<ClassifierMetrics> Classifiers)
{
    /// <summary>The classifier called <paramref name="name"/>, or null.</summary>
    public ClassifierMetrics? Classifier(string name) => Classifiers.FirstOrDefault(c => c.Name == name);
}
