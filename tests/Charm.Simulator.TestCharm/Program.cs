using System.Globalization;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

// The charm the simulator's real-process tests run through `dispatch`, with its role as the argument:
// - `requirer` or `provider` (both use the endpoint "link"): a probe that exercises the hook tools a real charm uses
//   and the workload CLI on PATH. Test hooks: a file `fail-<hook>` in the charm directory makes that hook fail;
//   `sleep-<hook>` makes it hang.
// - `consumer` (endpoint "cluster", driving `microctl`) or `distributor` (endpoint "microcluster-cluster"): thin charms
//   over the real token distributor library, for the end-to-end convergence tests. The consumer's clock is the
//   simulated time the simulator passes in CHARM_SIM_TIME. `consumer --no-pending-wait` turns off its bounded wait for
//   PENDING members (TokenConsumerOptions.PendingWait = 0), for the tests that compare a process run with an in-process
//   one: as a process, that wait's simulated length is its wall-clock time, which depends on the machine.
// Built on the JIT next to the tests, and as Native AOT (the convergence tests run hundreds of hooks).
var role = args.Length > 0 ? args[0] : "requirer";
var hostName = Environment.GetEnvironmentVariable("SIM_HOSTNAME") is { Length: > 0 } simHost ? simHost : null;
return role switch
{
    "consumer" => Dispatcher.Run(
        ctx => new ConsumerCharm(ctx, SimulatedTime.FromEnvironment(), args.Contains("--no-pending-wait") ? TimeSpan.Zero : new TokenConsumerOptions().PendingWait),
        new DispatchOptions { HostName = hostName }),
    "distributor" => Dispatcher.Run(ctx => new DistributorCharm(ctx), new DispatchOptions { HostName = hostName }),
    _ => Dispatcher.Run(ctx => new ProbeCharm(ctx, role)),
};

/// <summary>A workload charm: the library's <see cref="TokenConsumer"/> on <c>cluster</c>, driving <c>microctl</c>.</summary>
internal sealed class ConsumerCharm : CharmBase
{
    public ConsumerCharm(CharmContext context, TimeProvider time, TimeSpan pendingWait)
        : base(context)
        => _ = new TokenConsumer(this, "cluster", new ClusterCommand("microctl"), new TokenConsumerOptions { TimeProvider = time, PendingWait = pendingWait });
}

/// <summary>A distributor charm: the library's <see cref="TokenDistributorProvider"/> on <c>microcluster-cluster</c>, active once started.</summary>
internal sealed class DistributorCharm : CharmBase
{
    public DistributorCharm(CharmContext context)
        : base(context)
    {
        _ = new TokenDistributorProvider(this, "microcluster-cluster");
        Framework.Observe<StartEvent>(EventKey.Start, "distributor.start", _ => Unit.Status = Status.Active(Unit.IsLeader ? "Mirroring join tokens" : "Standing by"));
    }
}

/// <summary>The simulated time of the hook (CHARM_SIM_TIME, round-trip format), fixed for the hook: the simulated clock does not move while a hook runs.</summary>
internal sealed class SimulatedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static TimeProvider FromEnvironment()
        => Environment.GetEnvironmentVariable("CHARM_SIM_TIME") is { Length: > 0 } text
            ? new SimulatedTime(DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime())
            : throw new InvalidOperationException("CHARM_SIM_TIME is not set: this charm runs under the simulator only.");
}

/// <summary>Writes what it sees into its databags and status so the tests can check the simulator served it correctly.</summary>
internal sealed class ProbeCharm : CharmBase
{
    private const string Endpoint = "link";
    private readonly string _role;

    public ProbeCharm(CharmContext context, string role)
        : base(context)
    {
        _role = role;
        var hook = context.Environment.Event.HookName;
        var charmDir = context.Environment.CharmDirectory;
        if (File.Exists(Path.Combine(charmDir, "fail-" + hook)))
        {
            throw new InvalidOperationException($"{hook} fails on purpose (fail-{hook} exists)");
        }

        if (File.Exists(Path.Combine(charmDir, "sleep-" + hook)))
        {
            Thread.Sleep(TimeSpan.FromMinutes(10));
        }

        Framework.Observe<InstallEvent>(EventKey.Install, "probe.install", _ => Unit.Status = Status.Maintenance("installed"));
        Framework.Observe<StartEvent>(EventKey.Start, "probe.start", _ => OnStart());
        Framework.Observe<RelationCreatedEvent>(EventKey.RelationCreated(Endpoint), "probe.created", e => e.Relation.LocalUnitData["hostname"] = HostName);
        Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged(Endpoint), "probe.changed", OnChanged);
        Framework.Observe<RelationDepartedEvent>(EventKey.RelationDeparted(Endpoint), "probe.departed", e => Count("departed"));
    }

    private string HostName => Environment.GetEnvironmentVariable("SIM_HOSTNAME") ?? Context.HostName;

    private void OnStart()
    {
        var message = "started on " + HostName;
        if (_role == "requirer" && Unit.IsLeader)
        {
            var result = Context.ProcessRunner.Run(new ProcessSpec("microctl", ["bootstrap"], TimeSpan.FromSeconds(30)));
            message += result.Succeeded ? ", bootstrapped" : ", bootstrap failed: " + result.StandardError.Trim();
        }

        Unit.Status = Status.Active(message);
    }

    private void OnChanged(RelationChangedEvent e)
    {
        // Only values that settle: a counter here would make two units ping-pong relation-changed forever.
        Count("changed");
        e.Relation.LocalUnitData["units"] = string.Join(",", e.Relation.Units);
        if (Unit.IsLeader)
        {
            e.Relation.LocalAppData["leader"] = Unit.Name;
        }

        if (e.Relation.RemoteAppData?["leader"] is { } remoteLeader)
        {
            e.Relation.LocalUnitData["remote-leader"] = remoteLeader;
        }
    }

    private long Count(string what)
    {
        var state = Framework.GetStoredState("probe");
        var count = state.GetInt64(what) + 1;
        state.Set(what, count);
        return count;
    }
}
