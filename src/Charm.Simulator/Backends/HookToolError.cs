namespace Charm.Simulator.Backends;

/// <summary>A hook-tool call the simulated agent refuses, with the exit code and standard error Juju's tool gives.</summary>
internal sealed class HookToolError : Exception
{
    /// <summary>Juju's hook tools exit 1 for a refused call.</summary>
    public const int ExitError = 1;

    /// <summary>And 2 for a command line they cannot parse.</summary>
    public const int ExitUsage = 2;

    public HookToolError(int exitCode, string standardError)
        : base(standardError)
    {
        ExitCode = exitCode;
        StandardError = standardError.EndsWith('\n') ? standardError : standardError + "\n";
    }

    public HookToolError()
        : this(ExitError, "ERROR")
    {
    }

    public HookToolError(string message)
        : this(ExitError, message)
    {
    }

    public HookToolError(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitError;
        StandardError = message + "\n";
    }

    public int ExitCode { get; }

    public string StandardError { get; }

    /// <summary>A refused call: <c>ERROR …</c>, exit 1.</summary>
    public static HookToolError Refused(string message) => new(ExitError, "ERROR " + message);

    /// <summary>A command line the tool cannot parse: <c>ERROR …</c>, exit 2.</summary>
    public static HookToolError Usage(string message) => new(ExitUsage, "ERROR " + message);
}
