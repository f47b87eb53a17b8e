using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

// Changing the model: deploying, adding and removing units, relating, leadership and config, as juju commands do.
public sealed partial class Simulation
{
    /// <summary>
    /// Deploys an application with <paramref name="units"/> units; the first is the leader. Peer relations the charm declares
    /// are created. Each unit gets install, leader-elected (leader) or leader-settings-changed, config-changed, start.
    /// </summary>
    /// <exception cref="ArgumentException">The name is invalid or taken, or <paramref name="config"/> does not fit the charm's config.yaml.</exception>
    /// <exception cref="InvalidOperationException">A charm directory is deployed but the hook tool cannot be found.</exception>
    public SimulatedApplication Deploy(string name, CharmSource charm, int units = 1, IReadOnlyDictionary<string, ConfigValue>? config = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(charm);
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        if (!JujuName().IsMatch(name ?? ""))
        {
            throw new ArgumentException($"'{name}' is not a valid application name: use lower-case letters, digits and single hyphens, starting with a letter.", nameof(name));
        }

        if (Model.FindApplication(name!) is not null)
        {
            throw new ArgumentException($"Application '{name}' is already deployed.", nameof(name));
        }

        var checkedConfig = config is null ? null : charm.Config?.Validate(config) ?? config;
        if (charm.Kind == CharmSourceKind.Directory)
        {
            EnsureProcessSupport();
        }

        var application = new SimulatedApplication(name!, charm, Model.Applications.Count);
        if (checkedConfig is not null)
        {
            application.Config = application.Config.SetItems(checkedConfig.Where(kv => kv.Value.Value is not string { Length: 0 }));
        }

        Model.Add(application);
        foreach (var peer in charm.Metadata.Endpoints.Where(e => e.Role == EndpointRole.Peers))
        {
            var relation = new SimulatedRelation(Model.NextRelationNumber++, new(name!, peer.Name), new(name!, peer.Name), peer.Interface, isPeer: true) { StatusSince = Clock.Now };
            Model.Add(relation);
        }

        for (var i = 0; i < units; i++)
        {
            AddUnit(name!);
        }

        return application;
    }

    /// <summary>Adds a unit to an application (leader if it has none) and queues its start-up hooks and relation-created.</summary>
    public SimulatedUnit AddUnit(string application, string? hostName = null)
    {
        ThrowIfDisposed();
        var app = Model.GetApplication(application);
        var number = app.NextUnitNumber++;
        var host = hostName ?? _options.HostNameOf?.Invoke(app, number) ?? $"{app.Name}-{number.ToString(CultureInfo.InvariantCulture)}";
        if (Model.Units.Any(u => u.HostName == host))
        {
            throw new ArgumentException($"Host name '{host}' is already used by another unit.", nameof(hostName));
        }

        var address = string.Create(CultureInfo.InvariantCulture, $"10.{(app.Index + 1) % 256}.{number / 250 % 256}.{number % 250 + 2}");
        var unit = new SimulatedUnit(app, number, host, address) { StatusSince = Clock.Now };
        app.AddUnit(unit);
        app.Leader ??= unit;
        if (app.Charm.Kind == CharmSourceKind.Directory)
        {
            unit.CharmDirectory = _workspace!.PrepareUnit(unit);
        }
        else
        {
            unit.CharmDirectory = null;
        }

        unit.Storage = [.. app.Metadata.Storages.Select(spec => AttachStorage(unit, spec))];
        _planner.PlanNewUnit(unit);
        return unit;
    }

    /// <summary>One instance of a declared storage for a new unit: a directory (a file for block storage) of its own.</summary>
    private SimulatedStorage AttachStorage(SimulatedUnit unit, StorageSpec spec)
    {
        var number = Model.NextStorageNumbers.GetValueOrDefault(spec.Name);
        Model.NextStorageNumbers[spec.Name] = number + 1;
        var id = spec.Name + "/" + number.ToString(CultureInfo.InvariantCulture);
        var location = Path.Combine(StorageRoot, $"{unit.Application.Name}-{unit.Number.ToString(CultureInfo.InvariantCulture)}", $"{spec.Name}-{number.ToString(CultureInfo.InvariantCulture)}");
        if (spec.Kind == StorageKind.Block)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(location)!);
            File.WriteAllBytes(location, []);
        }
        else
        {
            Directory.CreateDirectory(location);
        }

        return new SimulatedStorage(id, spec.Name, spec.Kind, location);
    }

    /// <summary>
    /// Starts removing a unit: remote units get relation-departed, the unit departs from each relation, then runs
    /// relation-broken, stop and remove. It leaves the model when its remove hook succeeds; if it was the leader, the
    /// lowest-numbered remaining unit becomes leader then.
    /// </summary>
    public void RemoveUnit(string unit)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (target.Life != UnitLife.Alive)
        {
            return;
        }

        target.Life = UnitLife.Dying;
        if (!target.IsInstalled && target.Queue.Head is not { FailedAttempts: > 0 })
        {
            // It never ran a hook: nothing to tell anyone.
            foreach (var relation in Model.RelationsOf(target.Application.Name))
            {
                relation.Members.Remove(target.Name);
            }

            target.Queue.Clear();
            RemoveFromModel(target);
            return;
        }

        _planner.PlanUnitRemoval(target);
    }

    /// <summary>
    /// Relates two endpoints, each written <c>app:endpoint</c> or just <c>app</c> (the endpoint is then the one whose
    /// interface matches the other side's, requires to provides). Every unit of both sides gets relation-created.
    /// </summary>
    /// <exception cref="ArgumentException">An endpoint is unknown, the roles or interfaces do not match, or the choice is ambiguous.</exception>
    public SimulatedRelation Relate(string first, string second)
    {
        ThrowIfDisposed();
        var (a, b, iface) = ResolveEndpoints(RelationEndpoint.Parse(first), RelationEndpoint.Parse(second));
        if (Model.Relations.Any(r => !r.IsDying && ((r.First == a && r.Second == b) || (r.First == b && r.Second == a))))
        {
            throw new ArgumentException($"{a} and {b} are already related.", nameof(second));
        }

        var relation = new SimulatedRelation(Model.NextRelationNumber++, a, b, iface, isPeer: false) { StatusSince = Clock.Now };
        Model.Add(relation);
        _planner.PlanNewRelation(relation);
        return relation;
    }

    /// <summary>Removes a relation: every unit in it departs from each remote unit it saw, then runs relation-broken.</summary>
    public void RemoveRelation(int number)
    {
        ThrowIfDisposed();
        var relation = Model.FindRelation(number) ?? throw new ArgumentException($"There is no relation {number}.", nameof(number));
        if (relation.IsPeer)
        {
            throw new ArgumentException($"Relation {number} is a peer relation; Juju removes it only with its application.", nameof(number));
        }

        relation.IsDying = true;
        relation.StatusSince = Clock.Now;
        _planner.PlanRelationRemoval(relation);
        if (relation.Members.Count == 0)
        {
            relation.IsRemoved = true;
        }
    }

    /// <summary>Moves leadership to <paramref name="unit"/>: leader-elected there, leader-settings-changed on the others.</summary>
    public void SetLeader(string unit)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (target.Life != UnitLife.Alive)
        {
            throw new ArgumentException($"{unit} is {target.Life.ToString().ToLowerInvariant()}; only a live unit can become leader.", nameof(unit));
        }

        if (target.IsLeader)
        {
            return;
        }

        target.Application.Leader = target;
        _planner.PlanLeaderChange(target.Application, target);
    }

    /// <summary>Sets config values (an empty string value removes the key) and queues config-changed on every unit.</summary>
    /// <exception cref="ArgumentException">The charm's config.yaml has no such option, or a value does not fit its type (as <c>juju config</c> refuses it).</exception>
    public void SetConfig(string application, IReadOnlyDictionary<string, ConfigValue> values)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(values);
        var app = Model.GetApplication(application);
        var config = app.Config;
        foreach (var (key, value) in app.Charm.Config?.Validate(values) ?? values)
        {
            config = value.Value is string { Length: 0 } ? config.Remove(key) : config.SetItem(key, value);
        }

        app.Config = config;
        _planner.PlanConfigChanged(app);
    }

    private (RelationEndpoint First, RelationEndpoint Second, string Interface) ResolveEndpoints(RelationEndpoint first, RelationEndpoint second)
    {
        var appA = Model.GetApplication(first.Application);
        var appB = Model.GetApplication(second.Application);
        if (appA == appB)
        {
            throw new ArgumentException($"Cannot relate {appA.Name} to itself; peer relations come from the charm's 'peers' section.", nameof(second));
        }

        var candidates = new List<(EndpointSpec A, EndpointSpec B)>();
        foreach (var a in appA.Metadata.Endpoints.Where(e => first.Endpoint.Length == 0 || e.Name == first.Endpoint))
        {
            foreach (var b in appB.Metadata.Endpoints.Where(e => second.Endpoint.Length == 0 || e.Name == second.Endpoint))
            {
                var complementary = (a.Role == EndpointRole.Requires && b.Role == EndpointRole.Provides)
                    || (a.Role == EndpointRole.Provides && b.Role == EndpointRole.Requires);
                if (complementary && a.Interface == b.Interface)
                {
                    candidates.Add((a, b));
                }
            }
        }

        if (candidates.Count == 1)
        {
            var (a, b) = candidates[0];
            return (new RelationEndpoint(appA.Name, a.Name), new RelationEndpoint(appB.Name, b.Name), a.Interface);
        }

        string Describe(SimulatedApplication app) => app.Metadata.Endpoints.Count == 0
            ? "declares no endpoints"
            : "declares " + string.Join(", ", app.Metadata.Endpoints.Select(e => $"{e.Name} ({e.Role.ToString().ToLowerInvariant()}, {e.Interface})"));
        var problem = candidates.Count == 0 ? "no matching endpoints (one side must require what the other provides, with the same interface)" : "several matching endpoints; name them as app:endpoint";
        throw new ArgumentException($"Cannot relate {first} and {second}: {problem}. {appA.Name} {Describe(appA)}; {appB.Name} {Describe(appB)}.", nameof(second));
    }
}
