namespace RedDino.Cli.Infrastructure;

/// <summary>Exit codes fixed by the contract (docs/formats/ and the README: 0 success, 1 bad input, 2 usage).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Bad input: the message names the file, row, key or field.</summary>
    public const int BadInput = 1;
    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>A fault of the program, not of its input. The contract has only 0, 1 and 2, so a script sees it as a
    /// failure like bad input; the one line on stderr says it is a fault (the stack trace only with REDDINO_DEBUG=1).</summary>
    public const int InternalError = BadInput;
}
