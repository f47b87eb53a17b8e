using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// One status (the unit's or the application's) during a hook: what this hook knows of it (read with <c>status-get</c>
/// or set), the statuses components contributed, and the last status this unit set, remembered between hooks in the
/// framework's state so that an unchanged status costs no <c>status-set</c> and no <c>status-get</c>.
/// </summary>
/// <remarks>
/// The evaluation follows ops' collect-status: the highest-priority contribution wins, in the order error, blocked,
/// maintenance, waiting, active, unknown (ops' <c>StatusBase._priorities</c>); between equal kinds the first
/// contribution wins. A hook without contributions leaves the status as it is. Unlike ops, a status the charm sets
/// directly drops the contributions made before it in the same hook: a library that contributes (the token consumer)
/// does not override the status an author's handler set after it, e.g. in a <c>ClusterJoined</c> handler.
/// </remarks>
internal sealed class StatusCollection(IJujuBackend backend, bool application)
{
    private readonly List<(string? Component, Status Status)> _contributions = [];
    private Status? _known;

    /// <summary>The status this unit last set (in an earlier hook or this one), as the framework's state remembers it.</summary>
    public Status? Remembered { get; set; }

    /// <summary>Whether this hook ran <c>status-set</c>.</summary>
    public bool SetThisHook { get; private set; }

    /// <summary>The contributions so far, first first.</summary>
    public IReadOnlyList<Status> Contributions => [.. _contributions.Select(c => c.Status)];

    public Status Get() => _known ??= backend.StatusGet(application);

    /// <summary>
    /// Runs <c>status-set</c> unless this hook already knows the status is <paramref name="status"/>. A direct set is the
    /// latest word: the contributions made before it in this hook are dropped (only later ones are evaluated at the end).
    /// </summary>
    public void Set(Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!application)
        {
            // The application's refusals are Juju's (the agent rules): the unit's are the framework's, as before.
            RequireSettable(status, nameof(status));
        }

        _contributions.Clear();

        if (status == _known)
        {
            return;
        }

        backend.StatusSet(status, application);
        _known = status;
        Remembered = status;
        SetThisHook = true;
    }

    public void Add(Status status, string? component)
    {
        ArgumentNullException.ThrowIfNull(status);
        RequireSettable(status, nameof(status));
        if (component is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(component);
            var index = _contributions.FindIndex(c => c.Component == component);
            if (index >= 0)
            {
                _contributions[index] = (component, status);
                return;
            }
        }

        _contributions.Add((component, status));
    }

    /// <summary>
    /// The end of the hook: sets the highest-priority contribution, unless it is the status this hook knows or, when the
    /// hook knows none, the one this unit last set.
    /// </summary>
    public void Evaluate()
    {
        if (_contributions.Count == 0)
        {
            return;
        }

        var winner = Highest(_contributions.Select(c => c.Status));
        if (_known is null && winner == Remembered)
        {
            return;
        }

        Set(winner);
    }

    /// <summary>The highest-priority status (ops' order), the first of equals.</summary>
    public static Status Highest(IEnumerable<Status> statuses)
    {
        Status? best = null;
        foreach (var s in statuses)
        {
            if (best is null || Priority(s.Kind) > Priority(best.Kind))
            {
                best = s;
            }
        }

        return best ?? throw new ArgumentException("There is no status to choose from.", nameof(statuses));
    }

    private static int Priority(StatusKind kind) => kind switch
    {
        StatusKind.Error => 5,
        StatusKind.Blocked => 4,
        StatusKind.Maintenance => 3,
        StatusKind.Waiting => 2,
        StatusKind.Active => 1,
        _ => 0,
    };

    private static void RequireSettable(Status status, string parameter)
    {
        if (status.Kind is StatusKind.Error or StatusKind.Unknown)
        {
            throw new ArgumentException($"A charm cannot set the '{status.Name}' status; use active, blocked, maintenance or waiting.", parameter);
        }
    }
}
