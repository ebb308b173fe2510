namespace RedDino.Cli.Infrastructure;

/// <summary>Which exceptions mean "the user's input is bad" (exit code 1). Library code signals bad
/// input with <see cref="InvalidDataException"/> (and subclasses) or a missing-file exception whose
/// message names the file, row, key or field; an output that cannot be written (an
/// <see cref="IOException"/>: the path is a folder, the disk is full) is reported the same way, naming
/// the output.</summary>
internal static class BadInput
{
    public static bool IsBadInput(Exception e) => Unwrap(e) is InvalidDataException or IOException
        or UnauthorizedAccessException or System.Text.Json.JsonException;

    public static string Describe(Exception e) => Unwrap(e).Message;

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0])
        : e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner)
        : e;
}

/// <summary>A combination of options that the parser cannot reject by itself (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
