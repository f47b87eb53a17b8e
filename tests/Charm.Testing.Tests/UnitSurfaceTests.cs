using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>Workload version, ports and planned units through the model, against the in-memory agent.</summary>
public sealed class UnitSurfaceTests
{
    [Fact]
    public void Ports_opened_in_a_successful_hook_are_in_the_output_state_and_closed_ones_are_gone()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) =>
        {
            c.Unit.OpenPort(OpenedPort.Tcp(8443));
            c.Unit.ClosePort(OpenedPort.Tcp(80));
            Assert.Equal([OpenedPort.Tcp(8443)], c.Unit.OpenedPorts());
        })));

        var result = ctx.Run(Hook.Start, new State { OpenedPorts = [OpenedPort.Tcp(80)] }).EnsureSuccess();

        Assert.Equal([OpenedPort.Tcp(8443)], result.Output.OpenedPorts.ToArray());
    }

    [Fact]
    public void A_failed_hook_keeps_the_ports_it_had_but_the_workload_version_it_set_stays_set()
    {
        // Juju flushes port changes with the hook's other changes, while its hook context sends
        // SetUnitWorkloadVersion to the controller at once (the SetWorkloadVersion facade call).
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) =>
        {
            c.Unit.SetWorkloadVersion("19.2.1");
            c.Unit.OpenPort(OpenedPort.Tcp(8443));
            throw new InvalidOperationException("boom");
        })));

        var result = ctx.Run(Hook.Start, new State());

        Assert.False(result.Succeeded);
        Assert.Empty(result.Output.OpenedPorts);
        Assert.Equal("19.2.1", result.Output.WorkloadVersion);
    }

    [Fact]
    public void PlannedUnits_counts_the_states_planned_units()
    {
        var planned = 0;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) => { planned = c.App.PlannedUnits(); })), unitName: "app/1");

        ctx.Run(Hook.Start, new State { PlannedUnits = 3 }).EnsureSuccess();

        Assert.Equal(3, planned);
    }
}
