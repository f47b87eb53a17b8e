using Charm.Framework.Events;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>
/// A settled model (req/0 leader and req/1 related to prov/0, with data in their databags) and a hook context for one
/// unit, to call hook-tool command lines against as the server would.
/// </summary>
internal sealed class ToolHarness : IDisposable
{
    public ToolHarness(string unit = "req/1", HookInvocation? hook = null)
    {
        Simulation = new Simulation(TestCharms.Quiet());
        Simulation.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is RelationCreatedEvent created)
            {
                created.Relation.LocalUnitData["hostname"] = charm.Context.HostName;
                if (charm.Unit.IsLeader)
                {
                    created.Relation.LocalAppData["bootstrapped"] = "yes";
                }
            }
        }), units: 2);
        Simulation.Deploy("prov", TestCharms.InProcess(TestCharms.Provider, (_, e) =>
        {
            if (e is RelationJoinedEvent joined)
            {
                joined.Relation.LocalUnitData["mirror"] = "up";
                joined.Relation.LocalAppData["bootstrap-app"] = "req";
            }
        }));
        Relation = Simulation.Relate("req", "prov");
        Simulation.RunUntilQuiescent();
        var target = Simulation.Model.GetUnit(unit);
        var id = Relation.IdFor(target.Application.Name);
        Hook = hook ?? new HookInvocation(unit, EventKey.RelationChanged(id.Endpoint), id, Relation.RemoteApplicationOf(target.Application.Name),
            target.Application.Name == "req" ? "prov/0" : "req/0");
        Context = new HookContext("test-context", Simulation.Model, target, Hook, Simulation.Clock, new WorkloadCli("microctl", Simulation.Microcluster));
    }

    public Simulation Simulation { get; }

    public SimulatedRelation Relation { get; }

    public HookInvocation Hook { get; }

    public HookContext Context { get; }

    /// <summary>The relation id as the harness unit writes it, e.g. <c>db:0</c>.</summary>
    public string Rid => Hook.Relation!.Value.ToString();

    public ToolResponse Call(string tool, params string[] arguments) => CallWithInput(tool, null, arguments);

    public ToolResponse CallWithInput(string tool, string? input, params string[] arguments) => CallIn(Context, tool, input, arguments);

    /// <summary>A hook context for another unit of the settled model (an <c>update-status</c> hook, or an action).</summary>
    public HookContext ContextFor(string unit, ActionState? action = null)
    {
        var hook = action is null
            ? new HookInvocation(unit, EventKey.UpdateStatus)
            : new HookInvocation(unit, new EventKey(JujuEventKind.Other, action.Name), Action: action.Name);
        return new HookContext("test-" + unit, Simulation.Model, Simulation.Model.GetUnit(unit), hook, Simulation.Clock, new WorkloadCli("microctl", Simulation.Microcluster), action);
    }

    public static ToolResponse CallIn(HookContext context, string tool, string? input, params string[] arguments)
        => HookToolCommands.Execute(context, new ToolRequest(context.Id, tool, Path.GetTempPath(), arguments, input));

    public void Dispose() => Simulation.Dispose();
}
