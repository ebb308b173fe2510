namespace RedDino.Cli.Infrastructure;

/// <summary>Which exceptions mean "the input is bad" (exit code 1). The rule: every reader of a user's file
/// turns whatever it trips over in that file into an <see cref="InvalidDataException"/> whose message names
/// the file, row, key or field; failures of the file system itself (missing, unreadable, a folder where a
/// file is expected, a full disk) are <see cref="IOException"/>s and <see cref="UnauthorizedAccessException"/>s,
/// which name the path. Anything else that escapes a command is a fault of the program (exit code
/// <see cref="ExitCodes.InternalError"/>), reported in one line without a stack trace.</summary>
internal static class BadInput
{
    public static bool IsBadInput(Exception e) => Unwrap(e) is InvalidDataException or IOException
        or UnauthorizedAccessException or System.Text.Json.JsonException
        // --device cuda where CUDA cannot start: the message says what is missing and what to use instead.
        or MLNet.Embeddings.OnnxRuntimeUnavailableException;

    public static string Describe(Exception e) => Unwrap(e).Message;

    /// <summary>One line for a fault of the program: the exception's type and first message line.</summary>
    public static string DescribeFault(Exception e)
    {
        var inner = Unwrap(e);
        return $"{inner.GetType().Name}: {inner.Message.Split('\n', 2)[0].Trim()}";
    }

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0])
        : e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner)
        : e;
}

/// <summary>A combination of options that the parser cannot reject by itself (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
