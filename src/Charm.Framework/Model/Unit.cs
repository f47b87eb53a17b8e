using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>This unit: its name, leadership and workload status.</summary>
public sealed class Unit
{
    private readonly IJujuBackend _backend;
    private bool? _isLeader;
    private Status? _status;

    internal Unit(IJujuBackend backend, string name)
    {
        _backend = backend;
        Name = name;
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
    /// The unit's workload status; setting it runs <c>status-set</c> at once, unless this hook already knows the unit has
    /// exactly that status (it read it, or set it, earlier in the hook): then nothing changes and no tool runs.
    /// </summary>
    public Status Status
    {
        get => _status ??= _backend.StatusGet(application: false);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Kind is StatusKind.Error or StatusKind.Unknown)
            {
                throw new ArgumentException($"A charm cannot set the '{value.Name}' status; use active, blocked, maintenance or waiting.", nameof(value));
            }

            if (value == _status)
            {
                return;
            }

            _backend.StatusSet(value, application: false);
            _status = value;
        }
    }

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
