using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.Processes;

// A probe charm for the simulator's real-process tests. `dispatch` runs it with its role: `requirer` or `provider`
// (both use the endpoint "link"). It exercises the hook tools a real charm uses and the workload CLI on PATH.
// Test hooks: a file `fail-<hook>` in the charm directory makes that hook fail; `sleep-<hook>` makes it hang.
var role = args.Length > 0 ? args[0] : "requirer";
return Dispatcher.Run(ctx => new ProbeCharm(ctx, role));

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
