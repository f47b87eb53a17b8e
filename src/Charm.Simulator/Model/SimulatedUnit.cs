using System.Collections.Immutable;
using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Model;

/// <summary>A unit in the simulated model: its machine (host name, address), life, statuses, state and pending hooks.</summary>
public sealed class SimulatedUnit
{
    internal SimulatedUnit(SimulatedApplication application, int number, string hostName, string address)
    {
        Application = application;
        Number = number;
        HostName = hostName;
        Address = address;
        Name = application.Name + "/" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The unit name, <c>app/3</c>.</summary>
    public string Name { get; }

    /// <summary>Its application.</summary>
    public SimulatedApplication Application { get; }

    /// <summary>The unit number.</summary>
    public int Number { get; }

    /// <summary>The machine's node name (<c>uname -n</c>), which is also its name in the fake cluster.</summary>
    public string HostName { get; }

    /// <summary>The machine's address, which Juju puts in the unit's databags as <c>ingress-address</c> and <c>private-address</c>.</summary>
    public string Address { get; }

    /// <summary>Whether the unit holds its application's leadership lease.</summary>
    public bool IsLeader => ReferenceEquals(Application.Leader, this);

    /// <summary>Alive, dying or removed.</summary>
    public UnitLife Life { get; internal set; }

    /// <summary>Its <c>install</c> hook succeeded.</summary>
    public bool IsInstalled { get; internal set; }

    /// <summary>Its <c>start</c> hook succeeded.</summary>
    public bool IsStarted { get; internal set; }

    /// <summary>The workload status the charm last set.</summary>
    public Status WorkloadStatus { get; internal set; } = Status.Unknown;

    /// <summary>When <see cref="Status"/> last changed (a <c>status-set</c>, or a hook starting or stopping failing): <c>goal-state</c>'s <c>since</c>.</summary>
    public DateTimeOffset StatusSince { get; internal set; }

    /// <summary>The hook that failed and awaits its retry, if any.</summary>
    public string? FailingHook { get; internal set; }

    /// <summary>The status <c>juju status</c> shows: <c>error</c> while a hook is failing, else the workload status.</summary>
    public Status Status => FailingHook is null ? WorkloadStatus : new Status(StatusKind.Error, $"hook failed: \"{FailingHook}\"");

    /// <summary>The unit gave up on a hook after the maximum number of attempts; it runs no more hooks.</summary>
    public bool IsStuck { get; internal set; }

    /// <summary>The framework's stored state and deferred events, for an in-process charm (saved only when a hook succeeds).</summary>
    public StateSnapshot StoredState { get; internal set; } = StateSnapshot.Empty;

    /// <summary>The controller-side key-value state (<c>state-get</c>/<c>state-set</c>).</summary>
    public ImmutableSortedDictionary<string, string> ControllerState { get; internal set; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The unit's own copy of the charm directory, for a charm run as a process.</summary>
    public string? CharmDirectory { get; internal set; }

    /// <summary>
    /// The port ranges the unit has open (<c>open-port</c> in hooks that succeeded), each for one endpoint or, with a
    /// <see langword="null"/> endpoint, for all of them; in <c>opened-ports</c>' order.
    /// </summary>
    public IReadOnlyList<UnitPortRange> OpenedPorts { get; internal set; } = [];

    /// <summary>The storage attached to the unit (<c>storage-list</c>), in the order it was attached.</summary>
    public IReadOnlyList<SimulatedStorage> Storage { get; internal set; } = [];

    /// <summary>What <c>application-version-set</c> last set.</summary>
    public string WorkloadVersion { get; internal set; } = "";

    /// <summary>The hooks waiting to run on this unit, next first.</summary>
    public IReadOnlyList<HookInvocation> PendingHooks => [.. Queue.Items.Select(p => p.Invocation)];

    /// <summary>How many hooks ran on this unit (each attempt counts).</summary>
    public int HooksRun { get; internal set; }

    /// <summary>How many of those failed.</summary>
    public int HooksFailed { get; internal set; }

    internal HookQueue Queue { get; } = new();

    /// <inheritdoc />
    public override string ToString() => Name;
}
