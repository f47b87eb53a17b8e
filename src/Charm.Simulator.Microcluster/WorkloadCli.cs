namespace Charm.Simulator.Microcluster;

/// <summary>
/// The workload's cluster CLI as the simulator (and Charm.Testing's <c>FakeClusterRunner</c>) provides it: a command line that starts with the configured prefix
/// (<c>microctl</c>, or several words such as <c>microovn cluster</c>) runs on the fake microcluster, under the host name
/// of the unit that ran it.
/// </summary>
public sealed class WorkloadCli
{
    private readonly string[] _prefix;

    /// <summary>A CLI whose command lines start with <paramref name="commandPrefix"/> and run on <paramref name="cluster"/>.</summary>
    /// <param name="commandPrefix">The program and the words before the subcommand, e.g. <c>microctl</c> or <c>microovn cluster</c>.</param>
    /// <param name="cluster">The fake cluster; <see langword="null"/> for none (every call then fails as a missing program).</param>
    public WorkloadCli(string commandPrefix, FakeMicrocluster? cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPrefix);
        _prefix = commandPrefix.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Cluster = cluster;
    }

    /// <summary>The program name that must be on <c>PATH</c> (the prefix's first word).</summary>
    public string ProgramName => _prefix[0];

    /// <summary>The whole prefix, e.g. <c>microovn cluster</c>.</summary>
    public string CommandPrefix => string.Join(' ', _prefix);

    /// <summary>The fake cluster the commands run on, if any.</summary>
    public FakeMicrocluster? Cluster { get; }

    /// <summary>Whether <paramref name="program"/> is the workload CLI's program (by name or as a path ending in it).</summary>
    public bool IsProgram(string program) => program == ProgramName || Path.GetFileName(program) == ProgramName;

    /// <summary>
    /// Runs <c>&lt;program&gt; arguments…</c> on <paramref name="hostName"/>: the words after the prefix go to the fake
    /// cluster. A command that does not continue with the rest of the prefix is not simulated and fails like an unknown
    /// subcommand.
    /// </summary>
    public CliResult Execute(string hostName, IReadOnlyList<string> arguments)
    {
        for (var i = 1; i < _prefix.Length; i++)
        {
            if (arguments.Count < i || arguments[i - 1] != _prefix[i])
            {
                return new CliResult(1, "", $"Error: only '{CommandPrefix} …' is simulated; '{ProgramName} {string.Join(' ', arguments)}' is not.\n");
            }
        }

        if (Cluster is null)
        {
            return new CliResult(127, "", $"{ProgramName}: no fake cluster is attached to this simulation\n");
        }

        return Cluster.Execute(hostName, [.. arguments.Skip(_prefix.Length - 1)]);
    }
}
