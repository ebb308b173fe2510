namespace RedDino.MLNet.Classifiers;

/// <summary>The error raised when ML.NET's <c>mlContext.Model.Save</c> meets one of the project's own
/// transformers: ML.NET's model zip has no public way to store third-party state.</summary>
internal static class SaveNotSupported
{
    public static NotSupportedException For(string transformer) => new(
        $"{transformer} cannot be saved with mlContext.Model.Save: ML.NET's model format has no public API for third-party " +
        "state. Save the model as a RedDino bundle with mlContext.Model.SaveRedDino(...) (RedDino.MLNet.Bundles) and load it " +
        "with mlContext.Model.LoadRedDino(path). The file mlContext.Model.Save had already created is incomplete: delete it.");
}
