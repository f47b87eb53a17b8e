using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// One relation as this unit sees it during a hook: its id, the remote application and units, and the databags,
/// each guarded by Juju's rules (<see cref="Databag"/>).
/// </summary>
public sealed class Relation
{
    private readonly IJujuBackend _backend;
    private readonly JujuModel _model;
    private readonly Dictionary<string, Databag> _remoteUnits = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _units;
    private string? _remoteApp;
    private bool _remoteAppLoaded;
    private Databag? _localUnit;
    private Databag? _localApp;
    private Databag? _remoteAppData;

    internal Relation(IJujuBackend backend, JujuModel model, RelationId id, bool isPeer, string? knownRemoteApp)
    {
        _backend = backend;
        _model = model;
        Id = id;
        IsPeer = isPeer;
        if (knownRemoteApp is not null)
        {
            _remoteApp = knownRemoteApp;
            _remoteAppLoaded = true;
        }
    }

    /// <summary>The relation's id, e.g. <c>cluster:7</c>.</summary>
    public RelationId Id { get; }

    /// <summary>The local endpoint name.</summary>
    public string Endpoint => Id.Endpoint;

    /// <summary>Whether this is a peer relation (the remote units are this application's other units).</summary>
    public bool IsPeer { get; }

    /// <summary>The remote units (<c>app/3</c>), in the order Juju lists them.</summary>
    public IReadOnlyList<string> Units => _units ??= _backend.RelationUnits(Id);

    /// <summary>The remote application's name; <see langword="null"/> while Juju does not know it yet.</summary>
    public string? RemoteApp
    {
        get
        {
            if (!_remoteAppLoaded)
            {
                _remoteApp = IsPeer ? _model.App.Name : _backend.RelationRemoteApp(Id);
                _remoteAppLoaded = true;
            }

            return _remoteApp;
        }
    }

    /// <summary>This unit's own databag: read and write.</summary>
    public Databag LocalUnitData => _localUnit ??= new Databag(_backend, Id, DatabagKind.LocalUnit, _model.Unit.Name, IsPeer, () => _model.Unit.IsLeader);

    /// <summary>This application's databag: the leader reads and writes it; on a peer relation every unit reads it.</summary>
    public Databag LocalAppData => _localApp ??= new Databag(_backend, Id, DatabagKind.LocalApp, _model.App.Name, IsPeer, () => _model.Unit.IsLeader);

    /// <summary>The remote application's databag (read only); <see langword="null"/> while the remote application is unknown.</summary>
    public Databag? RemoteAppData
    {
        get
        {
            if (_remoteAppData is null && RemoteApp is { } app)
            {
                var kind = IsPeer ? DatabagKind.LocalApp : DatabagKind.RemoteApp;
                _remoteAppData = IsPeer ? LocalAppData : new Databag(_backend, Id, kind, app, IsPeer, () => _model.Unit.IsLeader);
            }

            return _remoteAppData;
        }
    }

    /// <summary>A remote unit's databag (read only).</summary>
    /// <param name="unit">A unit name from <see cref="Units"/> (or a unit that is departing in this hook).</param>
    public Databag RemoteUnitData(string unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        if (string.Equals(unit, _model.Unit.Name, StringComparison.Ordinal))
        {
            return LocalUnitData;
        }

        if (!_remoteUnits.TryGetValue(unit, out var bag))
        {
            bag = new Databag(_backend, Id, DatabagKind.RemoteUnit, unit, IsPeer, () => _model.Unit.IsLeader);
            _remoteUnits[unit] = bag;
        }

        return bag;
    }

    /// <summary>Each remote unit with its databag, in the order of <see cref="Units"/>.</summary>
    public IEnumerable<(string Unit, Databag Data)> RemoteUnitsData()
    {
        foreach (var unit in Units)
        {
            yield return (unit, RemoteUnitData(unit));
        }
    }

    internal IEnumerable<Databag> TouchedDatabags()
    {
        if (_localUnit is not null)
        {
            yield return _localUnit;
        }

        if (_localApp is not null)
        {
            yield return _localApp;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Id.ToString();
}
