using Microsoft.ML;
using RedDino.MLNet.Bundles;

namespace RedDino.MLNet;

/// <summary>Model bundles (<c>*.reddino.zip</c>, docs/formats/bundles.md): a backbone and a classifier
/// that predict from images, saved and loaded as one file. ML.NET's own <c>mlContext.Model.Save</c>
/// cannot hold the project's transformers; these methods can.</summary>
public static class RedDinoModelCatalog
{
    /// <summary>Saves a fitted pipeline as a bundle: its RedDino embedding transformer (the ONNX backbone is
    /// copied in) and its classifier (k-NN as knn.bin; the linear probe or any ML.NET multiclass
    /// predictor through <c>mlContext.Model.Save</c> as head.mlnet). Label key mappings in the pipeline are
    /// not stored. Written to a temporary file renamed at the end.</summary>
    /// <param name="catalog">The model catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted pipeline (or a loaded <see cref="RedDinoBundle"/>).</param>
    /// <param name="path">The bundle to write (by convention <c>NAME.reddino.zip</c>).</param>
    /// <param name="card">Metrics and provenance for bundle.json's "card".</param>
    /// <exception cref="NotSupportedException">The pipeline has no embedding transformer, no classifier, or a step a bundle cannot hold.</exception>
    public static void SaveRedDino(this ModelOperationsCatalog catalog, ITransformer model, string path, RedDinoBundleCard? card = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        BundleWriter.Save(catalog, model, path, card);
    }

    /// <summary>Loads a bundle, checking its format version and the sha256 of every entry.</summary>
    /// <param name="catalog">The model catalog (<c>mlContext.Model</c>).</param>
    /// <param name="path">A <c>*.reddino.zip</c>.</param>
    /// <param name="options">Image column, embedding device and threads, where the backbone is unpacked.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a bundle, a newer format version, or an entry whose sha256 does not match.</exception>
    public static RedDinoBundle LoadRedDino(this ModelOperationsCatalog catalog, string path, RedDinoBundleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return BundleReader.Load(catalog, path, options);
    }
}
