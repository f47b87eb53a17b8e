using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>
/// <see cref="Context.FromCharmcraft"/>: config defaults answered by config-get for unset options, action parameter
/// defaults filled in (Juju's ActionSpec.InsertDefaults), and refusal of what the charm does not declare (an action
/// schema has additionalProperties: false in Juju's internal/charm/actions.go).
/// </summary>
public sealed class CharmcraftContextTests : IDisposable
{
    private const string Charmcraft = """
        name: store
        type: charm
        peers:
          cluster:
            interface: store-cluster
        requires:
          db:
            interface: postgresql
        storage:
          data:
            type: filesystem
            location: /srv/store
        config:
          options:
            port:
              type: int
              default: 7443
            mode:
              type: string
              default: fast
            debug:
              type: boolean
        actions:
          backup:
            params:
              target:
                type: string
                default: /var/backups
              keep:
                type: integer
        """;

    private readonly string _path;

    public CharmcraftContextTests()
    {
        _path = Path.Combine(Directory.CreateTempSubdirectory("charmcraft-context-").FullName, "charmcraft.yaml");
        File.WriteAllText(_path, Charmcraft);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    private Context Observing(Action<DelegateCharm> setup) => Context.FromCharmcraft(DelegateCharm.With(setup), _path);

    [Fact]
    public void Config_get_answers_the_declared_defaults_overlaid_with_the_states_values()
    {
        IReadOnlyDictionary<string, ConfigValue>? config = null;
        var ctx = Observing(c => c.Framework.Observe(EventKey.ConfigChanged, "c", (ConfigChangedEvent _) => { config = c.Model.Config.Values; }));

        var result = ctx.Run(Hook.ConfigChanged, new State().WithConfig("mode", "safe")).EnsureSuccess();

        Assert.Equal("store/0", ctx.UnitName);
        Assert.Equal(7443L, config!["port"].Value);
        Assert.Equal("safe", config["mode"].Value);
        Assert.False(config.ContainsKey("debug"));
        Assert.Equal(["mode"], result.Output.Config.Keys);
        Assert.True(ctx.Metadata.IsPeer("cluster"));
    }

    [Fact]
    public void A_state_with_an_undeclared_option_a_mistyped_one_and_an_undeclared_endpoint_is_refused_with_every_problem()
    {
        var ctx = Observing(_ => { });
        var state = new State().WithConfig("colour", "red").WithConfig("port", "7443").WithRelation(new RelationState("cache", 4, "redis"))
            .WithStorage(new StorageState("logs/0", "/srv/logs"));

        var error = Assert.Throws<ArgumentException>(() => ctx.Run(Hook.Install, state));

        Assert.Contains("config option 'colour' is not declared", error.Message, StringComparison.Ordinal);
        Assert.Contains("config option 'port' is declared as int", error.Message, StringComparison.Ordinal);
        Assert.Contains("endpoint 'cache', which store does not declare (it declares cluster, db)", error.Message, StringComparison.Ordinal);
        Assert.Contains("storage logs/0 is of storage 'logs', which store does not declare (it declares data)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_declared_in_charmcraft_yaml_is_what_the_model_lists()
    {
        IReadOnlyList<string>? names = null;
        string? location = null;
        var ctx = Observing(c => c.Framework.Observe(EventKey.StorageAttached("data"), "s", (StorageEvent e) =>
        {
            names = c.Model.Storages.Names;
            location = Assert.Single(c.Model.Storages["data"]).Location;
        }));
        var data = new StorageState("data/0", "/srv/store");

        ctx.Run(Hook.StorageAttached(data), new State().WithStorage(data)).EnsureSuccess();

        Assert.Equal(["data"], names);
        Assert.Equal("/srv/store", location);
        Assert.Equal([new StorageSpec("data", StorageKind.Filesystem, "/srv/store")], ctx.Metadata.Storages);
    }

    [Fact]
    public void An_action_gets_its_declared_defaults_and_an_undeclared_action_or_parameter_is_refused()
    {
        string? target = null;
        var ctx = Observing(c => c.Framework.Observe(EventKey.Action("backup"), "b", (ActionEvent e) => { target = e.Parameters.GetString("target"); }));

        ctx.RunAction("backup", new State(), new Dictionary<string, object?> { ["keep"] = 3 }).EnsureSuccess();

        Assert.Equal("/var/backups", target);
        Assert.Contains("declares no action 'restore'", Assert.Throws<ArgumentException>(() => ctx.RunAction("restore", new State())).Message, StringComparison.Ordinal);
        Assert.Contains("has no parameter 'force'", Assert.Throws<ArgumentException>(() => ctx.RunAction("backup", new State(), new Dictionary<string, object?> { ["force"] = true })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_charmcraft_yaml_that_is_not_yaml_is_a_FormatException_naming_the_file()
    {
        File.WriteAllText(_path, "name: [unclosed\n");

        var error = Assert.Throws<FormatException>(() => Context.FromCharmcraft(DelegateCharm.With(_ => { }), _path));

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
    }
}
