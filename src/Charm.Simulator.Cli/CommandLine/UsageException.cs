namespace Charm.Simulator.Cli.CommandLine;

/// <summary>The command line is wrong; the message says how (the usage text is printed after it).</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
