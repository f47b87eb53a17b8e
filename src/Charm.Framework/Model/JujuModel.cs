using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>The Juju model as this unit sees it during one hook.</summary>
public sealed class JujuModel
{
    private readonly IJujuBackend _backend;
    private readonly CharmMetadata _metadata;
    private readonly Dictionary<RelationId, Relation> _relations = new();
    private readonly Dictionary<string, IReadOnlyList<RelationId>> _relationIds = new(StringComparer.Ordinal);
    private readonly RelationId? _broken;
    private readonly Dictionary<(string Name, RelationId? Relation), Binding> _bindings = new();

    // broken: in a relation-broken hook, the relation being broken. Juju still lists it in relation-ids (it is dying,
    // not gone); as ops does, the model leaves it out of Relations(endpoint), and the event still has it.
    internal JujuModel(IJujuBackend backend, string unitName, string modelName, string modelUuid, CharmMetadata metadata, TextWriter logFallback, RelationId? broken = null)
    {
        _backend = backend;
        _broken = broken;
        _metadata = metadata;
        Unit = new Unit(backend, unitName);
        App = new Application(backend, Unit);
        Name = modelName;
        Uuid = modelUuid;
        Config = new CharmConfig(backend);
        Log = new JujuLogger(backend, logFallback);
        Storages = new StorageMapping(backend, metadata);
    }

    /// <summary>This unit.</summary>
    public Unit Unit { get; }

    /// <summary>This unit's application.</summary>
    public Application App { get; }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The model UUID.</summary>
    public string Uuid { get; }

    /// <summary>The charm's config.</summary>
    public CharmConfig Config { get; }

    /// <summary>The unit's log (<c>juju-log</c>).</summary>
    public JujuLogger Log { get; }

    /// <summary>The charm's declared endpoints and storage.</summary>
    public CharmMetadata Metadata => _metadata;

    /// <summary>The storage attached to this unit, by declared name: <c>Model.Storages["data"]</c>.</summary>
    public StorageMapping Storages { get; }

    /// <summary>Every relation on <paramref name="endpoint"/> (not the one a <c>relation-broken</c> hook is breaking).</summary>
    public IReadOnlyList<Relation> Relations(string endpoint)
    {
        if (!_relationIds.TryGetValue(endpoint, out var ids))
        {
            ids = _backend.RelationIds(endpoint).Where(id => id != _broken).ToArray();
            _relationIds[endpoint] = ids;
        }

        return ids.Select(id => GetRelation(id)).ToArray();
    }

    /// <summary>The single relation on <paramref name="endpoint"/>, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="ModelException">There is more than one; use <see cref="Relations"/>.</exception>
    public Relation? GetRelation(string endpoint)
    {
        var all = Relations(endpoint);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw new ModelException($"Endpoint '{endpoint}' has {all.Count} relations ({string.Join(", ", all)}); use Relations(\"{endpoint}\") to handle each."),
        };
    }

    /// <summary>The relation with this id (also one that is being broken in this hook).</summary>
    public Relation GetRelation(RelationId id) => GetRelation(id, null);

    internal Relation GetRelation(RelationId id, string? knownRemoteApp)
    {
        if (!_relations.TryGetValue(id, out var relation))
        {
            relation = new Relation(_backend, this, id, _metadata.IsPeer(id.Endpoint), knownRemoteApp);
            _relations[id] = relation;
        }

        return relation;
    }

    /// <summary>
    /// The binding <paramref name="name"/> (an endpoint or an extra binding): its <see cref="Binding.Network"/> is the
    /// address to listen on, the addresses to advertise and the egress subnets, read with <c>network-get</c> on first use.
    /// </summary>
    public Binding GetBinding(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Binding(name, null);
    }

    /// <summary>The binding of <paramref name="relation"/>'s endpoint, as seen on that relation (<c>network-get -r</c>).</summary>
    public Binding GetBinding(Relation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return Binding(relation.Id.Endpoint, relation.Id);
    }

    /// <summary>
    /// The secret with <paramref name="id"/> and/or <paramref name="label"/> (ops' <c>Model.get_secret</c>). Nothing runs
    /// until it is used; given both, Juju finds it by id and sets the label for this unit.
    /// </summary>
    /// <exception cref="ArgumentException">Neither is given.</exception>
    public Secret GetSecret(string? id = null, string? label = null) => new(_backend, id, label);

    /// <summary>The ids of the secrets this unit (and, for the leader, its application) owns (<c>secret-ids</c>).</summary>
    public IReadOnlyList<string> SecretIds() => _backend.SecretIds();

    private Binding Binding(string name, RelationId? relation)
    {
        if (!_bindings.TryGetValue((name, relation), out var binding))
        {
            binding = new Binding(name, relation, () => _backend.NetworkGet(name, relation));
            _bindings[(name, relation)] = binding;
        }

        return binding;
    }

    /// <summary>
    /// The end of a successful hook's statuses (ops' <c>_evaluate_status</c>): the application's contributions on the
    /// leader (asking <c>is-leader</c> only when there are any), then the unit's.
    /// </summary>
    internal void EvaluateStatuses()
    {
        if (App.Collection.Contributions.Count > 0 && Unit.IsLeader)
        {
            App.Collection.Evaluate();
        }

        Unit.Collection.Evaluate();
    }

    /// <summary>Whether this hook ran <c>status-set</c> (for the unit or the application).</summary>
    internal bool StatusSetThisHook => Unit.Collection.SetThisHook || App.Collection.SetThisHook;

    /// <summary>Sends every buffered databag change, one <c>relation-set</c> per changed databag, in a fixed order.</summary>
    internal void Commit()
    {
        foreach (var relation in _relations.Values.OrderBy(r => r.Id.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Id.Number))
        {
            foreach (var bag in relation.TouchedDatabags())
            {
                bag.Commit();
            }
        }
    }
}
