namespace Charm.Framework.Hosting;

/// <summary>The process was not started the way Juju starts a charm: a variable is missing or malformed.</summary>
public sealed class JujuEnvironmentException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public JujuEnvironmentException(IReadOnlyList<string> problems)
        : base("The Juju hook environment is incomplete:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p))
            + Environment.NewLine + "A charm is run by the Juju agent (or the simulator) through 'dispatch'; to run it by hand, set these variables as juju.md describes.")
        => Problems = problems;

    /// <summary>Each problem, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
