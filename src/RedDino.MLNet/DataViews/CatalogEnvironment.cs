using Microsoft.ML.Runtime;

namespace RedDino.MLNet.DataViews;

/// <summary>
/// The ML.NET environment behind a catalog (<c>mlContext.Transforms</c>, <c>mlContext.Model</c>), so that
/// the library's notices reach <c>MLContext.Log</c> like ML.NET's own messages do. ML.NET keeps it behind
/// its internal <c>IInternalCatalog.Environment</c> (no public member hands it out; see ML.NET 5's
/// TransformsCatalog), so it is read by reflection; when a future ML.NET hides it differently the
/// caller falls back to stderr.
/// </summary>
internal static class CatalogEnvironment
{
    /// <summary>The catalog's environment, or null when it cannot be found.</summary>
    public static IHostEnvironment? Of(object catalog)
    {
        var property = catalog.GetType().GetInterfaces()
            .FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog")?.GetProperty("Environment");
        return property?.GetValue(catalog) as IHostEnvironment;
    }

    /// <summary>A sink that writes one-line notices as warnings of the catalog's environment (they reach
    /// <c>MLContext.Log</c>), or null when the environment cannot be found.</summary>
    public static Action<string>? Notices(object catalog) => Of(catalog) is { } environment ? Notices(environment) : null;

    /// <summary>A sink that writes one-line notices as warnings of <paramref name="environment"/>.</summary>
    public static Action<string> Notices(IHostEnvironment environment) => message =>
    {
        using var channel = environment.Start("RedDino");
        channel.Warning(MessageSensitivity.None, message);
    };
}
