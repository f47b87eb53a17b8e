using Charm.Framework.Dispatch;
using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Cli.CommandLine;
using Charm.Simulator.Microcluster;
using Charm.TokenDistributor.Cli;

namespace Charm.Simulator.Cli;

/// <summary>
/// <c>charm-sim charm consumer|distributor [--cli PREFIX] [--pending-wait SECONDS]</c>: runs one hook of a built-in demo charm, the way a charm's
/// own executable does under Juju. The charm directories charm-sim writes for <c>--mode process</c> dispatch to it. The
/// consumer's clock is the simulated time the simulator passes in <c>CHARM_SIM_TIME</c> (the system clock without it).
/// </summary>
internal static class CharmCommand
{
    public static int Run(IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments, new HashSet<string>(["cli", "pending-wait"], StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        if (reader.Positionals.Count != 1)
        {
            throw new UsageException("charm takes one role: consumer or distributor.");
        }

        var hostName = Environment.GetEnvironmentVariable("SIM_HOSTNAME") is { Length: > 0 } name ? name : null;
        return reader.Positionals[0] switch
        {
            "consumer" => RunConsumer(Command(reader.Value("cli") ?? "microctl"), PendingWait(reader.Value("pending-wait")), hostName),
            "distributor" => Dispatcher.Run(
                ctx => new DemoDistributorCharm(ctx),
                new DispatchOptions { Metadata = BuiltInCharms.DistributorMetadata, HostName = hostName }),
            var other => throw new UsageException($"'{other}' is not a built-in charm; use consumer or distributor."),
        };
    }

    /// <summary>The <c>--pending-wait</c> seconds (0 or more), or <see langword="null"/> for the library's default.</summary>
    /// <exception cref="UsageException">The value is not a whole number of seconds.</exception>
    public static TimeSpan? PendingWait(string? seconds)
        => seconds is null ? null : TimeSpan.FromSeconds(ArgumentReader.PositiveInteger("pending-wait", seconds, allowZero: true));

    private static int RunConsumer(ClusterCommand command, TimeSpan? pendingWait, string? hostName)
        => Dispatcher.Run(
            ctx => new DemoConsumerCharm(ctx, command, pendingWait),
            new DispatchOptions { Metadata = BuiltInCharms.ConsumerMetadata, HostName = hostName });

    private static ClusterCommand Command(string text)
    {
        try
        {
            return ClusterCommand.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--cli: " + e.Message, e);
        }
    }
}
