using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>This unit: its name, leadership and workload status.</summary>
public sealed class Unit
{
    private readonly IJujuBackend _backend;
    private bool? _isLeader;

    internal Unit(IJujuBackend backend, string name)
    {
        _backend = backend;
        Name = name;
        Collection = new StatusCollection(backend, application: false);
        if (!UnitName.TryParse(name, out var parsed))
        {
            throw new ModelException(
                $"The unit name '{name}' is not '<application>/<number>' with a number from 0 to {int.MaxValue}; Juju sets JUJU_UNIT_NAME to such a name, e.g. 'microovn/0'.");
        }

        AppName = parsed.Application;
        Number = parsed.Number;
    }

    /// <summary>The unit name, <c>app/3</c>.</summary>
    public string Name { get; }

    /// <summary>The application name, <c>app</c>.</summary>
    public string AppName { get; }

    /// <summary>The unit number, <c>3</c>.</summary>
    public int Number { get; }

    /// <summary>
    /// Whether this unit is the leader. Asked once per hook: Juju guarantees a leader keeps its lease for the rest of a
    /// hook it started as leader.
    /// </summary>
    public bool IsLeader => _isLeader ??= _backend.IsLeader();

    /// <summary>
    /// The unit's workload status. Reading it runs <c>status-get</c> once per hook. Setting it runs <c>status-set</c> at
    /// once (as ops' <c>unit.status = …</c>), unless this hook already knows the unit has exactly that status (it read
    /// it, or set it, earlier in the hook): then nothing changes and no tool runs.
    /// </summary>
    /// <remarks>
    /// A direct set is for progress a user should see while the hook is still running, or for the charm's final word:
    /// it drops what was contributed before it in this hook (<see cref="AddStatus"/>, e.g. the token consumer's
    /// "Joined cluster" before a <c>ClusterJoined</c> handler sets its own status). Contributions made after it are
    /// evaluated at the end of the hook, and the one chosen replaces it.
    /// </remarks>
    public Status Status
    {
        get => Collection.Get();
        set => Collection.Set(value);
    }

    /// <summary>
    /// Contributes <paramref name="status"/> to the unit's status for this hook, as ops' collect-status
    /// <c>add_status</c>: when the hook's handlers have all returned, the framework sets the highest-priority
    /// contribution (error, blocked, maintenance, waiting, active; the first of equals) with one <c>status-set</c>, and
    /// none when it is the status this unit set last (the framework remembers it between hooks). A hook that fails sets
    /// nothing (ops evaluates the statuses only after the handlers succeed); a hook without contributions leaves the
    /// status as it is.
    /// </summary>
    /// <param name="status">Active, blocked, maintenance or waiting.</param>
    /// <param name="component">
    /// Who contributes, e.g. <c>token-consumer</c>: a later contribution of the same component in the same hook replaces
    /// its earlier one (a component reports where it ended up, not every step). <see langword="null"/>: every call is a
    /// contribution of its own.
    /// </param>
    /// <exception cref="ArgumentException">The status is error or unknown, which a charm cannot set, or the component is empty.</exception>
    public void AddStatus(Status status, string? component = null) => Collection.Add(status, component);

    /// <summary>The statuses contributed so far in this hook (<see cref="AddStatus"/>), first first.</summary>
    public IReadOnlyList<Status> ContributedStatuses => Collection.Contributions;

    internal StatusCollection Collection { get; }

    /// <summary>
    /// Sets the workload version <c>juju status</c> shows for the application (<c>application-version-set</c>), e.g. the
    /// snap's version. Juju records it at once, not at the end of the hook.
    /// </summary>
    public void SetWorkloadVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        _backend.ApplicationVersionSet(version);
    }

    /// <summary>Opens <paramref name="port"/> (<c>open-port</c>); Juju applies it when the hook succeeds.</summary>
    /// <exception cref="ArgumentException">The port is not one Juju opens (<see cref="OpenedPort.Validate"/>).</exception>
    public void OpenPort(OpenedPort port)
    {
        port.Validate();
        _backend.OpenPort(port);
    }

    /// <summary>Closes <paramref name="port"/> (<c>close-port</c>); Juju applies it when the hook succeeds.</summary>
    /// <exception cref="ArgumentException">The port is not one Juju opens (<see cref="OpenedPort.Validate"/>).</exception>
    public void ClosePort(OpenedPort port)
    {
        port.Validate();
        _backend.ClosePort(port);
    }

    /// <summary>The ports this unit has open (<c>opened-ports</c>).</summary>
    public IReadOnlyList<OpenedPort> OpenedPorts() => _backend.OpenedPorts();

    /// <summary>
    /// Creates a secret owned by this unit alone with <paramref name="content"/> (<c>secret-add --owner unit</c>); the
    /// values never appear on a command line.
    /// </summary>
    public Secret AddSecret(IReadOnlyDictionary<string, string> content, SecretOptions? options = null)
    {
        options ??= new SecretOptions();
        var id = _backend.SecretAdd(content, SecretOwner.Unit, options);
        return new Secret(_backend, id, options.Label);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
