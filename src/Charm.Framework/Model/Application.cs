using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>This unit's application: its name and (for the leader) its status.</summary>
public sealed class Application
{
    private readonly IJujuBackend _backend;
    private readonly Unit _unit;

    internal Application(IJujuBackend backend, Unit unit)
    {
        _backend = backend;
        _unit = unit;
        Name = unit.AppName;
        Collection = new StatusCollection(backend, application: true);
    }

    /// <summary>The application name.</summary>
    public string Name { get; }

    /// <summary>
    /// The application status; only the leader may read or set it. Setting the status this hook already knows the
    /// application has (read or set earlier in the hook) runs no tool. As with <see cref="Unit.Status"/>, a direct set
    /// drops the contributions (<see cref="AddStatus"/>) made before it in this hook, and one chosen from those made
    /// after it replaces it at the end of the hook.
    /// </summary>
    /// <exception cref="ModelException">This unit is not the leader.</exception>
    public Status Status
    {
        get
        {
            RequireLeader("read");
            return Collection.Get();
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            RequireLeader("set");
            Collection.Set(value);
        }
    }

    /// <summary>
    /// Contributes <paramref name="status"/> to the application's status for this hook, as <see cref="Unit.AddStatus"/>
    /// does for the unit (ops' <c>collect_app_status</c>). Only the leader's contributions are set: ops collects the
    /// application status on the leader alone, so on another unit they are dropped at the end of the hook (and this
    /// call never asks <c>is-leader</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The status is error or unknown, or the component is empty.</exception>
    public void AddStatus(Status status, string? component = null) => Collection.Add(status, component);

    internal StatusCollection Collection { get; }

    /// <summary>
    /// How many units the application is planned to have, this one included: the units <c>goal-state</c> lists that are
    /// not dying (as ops' <c>planned_units()</c>). Asked each time: the plan changes while units come and go.
    /// </summary>
    public int PlannedUnits() => _backend.GoalState().PlannedUnits;

    /// <summary>The whole <c>goal-state</c> answer.</summary>
    public GoalState GoalState() => _backend.GoalState();

    private void RequireLeader(string verb)
    {
        if (!_unit.IsLeader)
        {
            throw new ModelException($"Only the leader may {verb} application '{Name}''s status; check Unit.IsLeader first.");
        }
    }

    /// <summary>
    /// Creates a secret owned by the application (the leader manages it) with <paramref name="content"/> (<c>secret-add --owner application</c>); the
    /// values never appear on a command line.
    /// </summary>
    public Secret AddSecret(IReadOnlyDictionary<string, string> content, SecretOptions? options = null)
    {
        options ??= new SecretOptions();
        var id = _backend.SecretAdd(content, SecretOwner.Application, options);
        return new Secret(_backend, id, options.Label);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
