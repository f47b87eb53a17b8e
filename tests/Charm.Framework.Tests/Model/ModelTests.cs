using System.Collections.Immutable;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Model;

using State = Charm.Testing.State;

/// <summary>The model a handler sees: statuses under Juju's leadership rule, typed config, and the endpoints read from the charm's metadata.</summary>
public sealed class ModelTests
{
    [Fact]
    public void UnitAndApplicationStatusFollowJujusLeadershipRule()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) =>
        {
            c.Unit.Status = Status.Active("ready");
            c.App.Status = Status.Active("all ready");
        })));

        var leader = ctx.Run(Hook.Start, new Testing.State { Leader = true }).EnsureSuccess();
        Assert.Equal(Status.Active("ready"), leader.Output.UnitStatus);
        Assert.Equal(Status.Active("all ready"), leader.Output.AppStatus);

        var follower = ctx.Run(Hook.Start, new Testing.State { Leader = false });
        Assert.IsType<ModelException>(follower.Error);
        Assert.Equal([Status.Active("ready")], follower.UnitStatusHistory);
    }

    [Fact]
    public void ConfigIsTyped()
    {
        var seen = new List<object>();
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.ConfigChanged, "c", (ConfigChangedEvent _) =>
        {
            seen.Add(c.Model.Config.GetString("name")!);
            seen.Add(c.Model.Config.GetBoolean("enabled"));
            seen.Add(c.Model.Config.GetInt64("port"));
            seen.Add(c.Model.Config.GetInt64("missing", 7));
        })));
        var state = new Testing.State { Config = new Dictionary<string, ConfigValue> { ["name"] = "x", ["enabled"] = true, ["port"] = 8080L }.ToImmutableSortedDictionary(StringComparer.Ordinal) };

        ctx.Run(Hook.ConfigChanged, state).EnsureSuccess();

        Assert.Equal(["x", true, 8080L, 7L], seen);
    }

    [Fact]
    public void MetadataIsReadFromYaml()
    {
        var meta = CharmMetadata.ParseYaml("""
            name: microctl
            # comment
            requires:
              cluster:
                interface: worker-cluster
                limit: 1
            provides:
              "metrics":
                interface: prometheus_scrape
            peers:
              peers:
                interface: microctl-peers
            """);

        Assert.Equal(new EndpointSpec("cluster", EndpointRole.Requires, "worker-cluster", 1), meta.Find("cluster"));
        Assert.Equal(EndpointRole.Provides, meta.Find("metrics")!.Role);
        Assert.True(meta.IsPeer("peers"));
        Assert.False(meta.IsPeer("cluster"));
    }
}
