using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;

namespace Charm.Testing;

/// <summary>
/// The workload's cluster CLI for unit tests, answered by one fake microcluster that every unit of a test shares: give
/// each unit's <see cref="Context"/> the runner <see cref="On"/> returns for its host, and <c>bootstrap</c> in one
/// unit's hook, <c>add</c> in another's and <c>join</c> in a third's change the same cluster, which <c>list -f json</c>
/// then shows, as the real daemons would (the simulator's <see cref="FakeMicrocluster"/>, with the real CLI's texts;
/// <c>docs/microcluster-cli.md</c> lists where it differs).
/// </summary>
/// <example>
/// <code>
/// var cluster = new FakeClusterRunner("microctl");
/// var unit0 = new Context(factory, metadata, "microctl/0") { ProcessRunner = cluster.On("host-0") };
/// unit0.Run(Hook.Install, new State { HostName = "host-0" });   // the charm bootstraps
/// Assert.Equal(["host-0"], cluster.MemberNames);
/// cluster.FailNext("host-1", "join", "Error: Failed to join cluster with the given join token: ...");
/// </code>
/// </example>
public sealed class FakeClusterRunner
{
    /// <summary>When the clock of a runner made without one starts: a fixed instant, so a test replays.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly WorkloadCli _cli;

    /// <summary>A runner whose cluster CLI is <paramref name="commandPrefix"/> (the words before the subcommand).</summary>
    /// <param name="commandPrefix">E.g. <c>microctl</c>, or <c>microovn cluster</c> (as the charm's <c>ClusterCommand</c> has it).</param>
    /// <param name="options">The fake daemon's settings; default: the real daemon's, seed 0, usage texts for this prefix.</param>
    /// <param name="clock">The clock tokens expire by and heartbeats run on; default a <see cref="ManualClock"/> at <see cref="DefaultStart"/>.</param>
    public FakeClusterRunner(string commandPrefix = "microctl", FakeMicroclusterOptions? options = null, ManualClock? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPrefix);
        Clock = clock ?? new ManualClock(DefaultStart);
        Cluster = new FakeMicrocluster(Clock, options ?? new FakeMicroclusterOptions { CommandName = commandPrefix.Trim() });
        _cli = new WorkloadCli(commandPrefix, Cluster);
    }

    /// <summary>The shared fake cluster: its members (<see cref="FakeMicrocluster.ListClusters"/>), calls, tokens and fault injection.</summary>
    public FakeMicrocluster Cluster { get; }

    /// <summary>The clock of <see cref="Cluster"/>; advance it to expire tokens (<see cref="FakeMicroclusterOptions.TokenLifetime"/>).</summary>
    public ManualClock Clock { get; }

    /// <summary>The names of the first cluster's members, in name order; empty before a bootstrap.</summary>
    public IReadOnlyList<string> MemberNames
        => Cluster.ListClusters() is [var first, ..] ? [.. first.Members.Select(m => m.Name)] : [];

    /// <summary>
    /// The process runner of a unit on <paramref name="hostName"/> (give it as <see cref="Context.ProcessRunner"/>): the
    /// cluster CLI runs there on the shared cluster, <c>hostname</c> and <c>uname -n</c> print the host name, and any
    /// other program cannot be started (a <see cref="ProcessStartException"/>, as for a program missing from PATH).
    /// </summary>
    /// <param name="hostName">The unit's host, which is also its member name; use the same as the state's <see cref="State.HostName"/>.</param>
    public IProcessRunner On(string hostName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        return new HostRunner(this, hostName);
    }

    /// <summary>
    /// Makes the next <paramref name="command"/> on <paramref name="hostName"/> fail with <paramref name="standardError"/>
    /// and <paramref name="exitCode"/> without running (once); for other faults (hangs, faults that stay, unreachable
    /// members) use <see cref="Cluster"/>'s fault methods.
    /// </summary>
    /// <param name="hostName">The host, or <see cref="FakeMicrocluster.Any"/>.</param>
    /// <param name="command">The subcommand (<c>bootstrap</c>, <c>add</c>, <c>join</c>, <c>list</c>, <c>remove</c>), or <see cref="FakeMicrocluster.Any"/>.</param>
    /// <param name="standardError">What the CLI prints, verbatim: give the real CLI's text (<c>Error: …</c>) to test how the charm reads it.</param>
    /// <param name="exitCode">The exit code; the real CLI exits 1 on an error.</param>
    public void FailNext(string hostName, string command, string standardError, int exitCode = 1)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        Cluster.InjectFailure(hostName, command, exitCode, standardError, FaultLifetime.Once);
    }

    private sealed class HostRunner(FakeClusterRunner owner, string hostName) : IProcessRunner
    {
        public ProcessResult Run(ProcessSpec spec)
        {
            ArgumentNullException.ThrowIfNull(spec);
            if (owner._cli.IsProgram(spec.FileName))
            {
                var result = owner._cli.Execute(hostName, spec.Arguments);
                return result.TimedOut
                    ? new ProcessResult(-1, "", "", TimedOut: true)
                    : new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
            }

            if ((spec.FileName == "hostname" && spec.Arguments.Count == 0) || (spec.FileName == "uname" && spec.Arguments is ["-n"]))
            {
                return new ProcessResult(0, hostName + "\n", "");
            }

            throw new ProcessStartException(
                spec.FileName,
                $"Cannot run '{spec}' in a FakeClusterRunner: it answers the cluster CLI '{owner._cli.CommandPrefix}', 'hostname' and 'uname -n'; answer other programs with a RecordingProcessRunner.");
        }
    }
}
