using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Support;

/// <summary>Metadata and charm sources shared by the tests.</summary>
internal static class TestCharms
{
    /// <summary>Requires "db" (interface "test-db").</summary>
    public static CharmMetadata Requirer { get; } = new([new EndpointSpec("db", EndpointRole.Requires, "test-db")]);

    /// <summary>Provides "db" (interface "test-db").</summary>
    public static CharmMetadata Provider { get; } = new([new EndpointSpec("db", EndpointRole.Provides, "test-db")]);

    /// <summary>Has a peer endpoint "peers".</summary>
    public static CharmMetadata Peered { get; } = new([new EndpointSpec("peers", EndpointRole.Peers, "test-peers")]);

    public static CharmSource InProcess(CharmMetadata metadata, Action<ScriptedCharm, HookEvent>? handler = null)
        => CharmSource.InProcess(ScriptedCharm.Factory(handler), metadata);

    /// <summary>Options for ordering tests: round-robin, no periodic update-status.</summary>
    public static SimulationOptions Quiet(int seed = 1, SchedulingPolicy policy = SchedulingPolicy.RoundRobin) => new()
    {
        Seed = seed,
        Policy = policy,
        UpdateStatusInterval = null,
    };

    /// <summary>The hooks (with relation context) the unit ran successfully, in order.</summary>
    public static IReadOnlyList<string> HooksOf(Simulation sim, string unit)
        => [.. sim.Trace.Where(t => t.Unit == unit && t.Result == HookResult.Succeeded).Select(t => t.Hook.Describe())];
}
