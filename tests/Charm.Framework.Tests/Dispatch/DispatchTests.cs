using System.Collections.Immutable;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Testing;

namespace Charm.Framework.Tests.Dispatch;

public sealed class DispatchTests
{
    [Theory]
    [InlineData("install", JujuEventKind.Install, null)]
    [InlineData("leader-settings-changed", JujuEventKind.LeaderSettingsChanged, null)]
    [InlineData("cluster-relation-changed", JujuEventKind.RelationChanged, "cluster")]
    [InlineData("microcluster-cluster-relation-created", JujuEventKind.RelationCreated, "microcluster-cluster")]
    [InlineData("my-relation-relation-broken", JujuEventKind.RelationBroken, "my-relation")]
    [InlineData("db-relation-departed", JujuEventKind.RelationDeparted, "db")]
    [InlineData("secret-changed", JujuEventKind.Other, "secret-changed")]
    [InlineData("-relation-changed", JujuEventKind.Other, "-relation-changed")]
    public void HookNamesMapToEvents(string hook, JujuEventKind kind, string? endpoint)
    {
        var key = EventKey.FromHookName(hook);
        Assert.Equal(new EventKey(kind, endpoint), key);
        Assert.Equal(hook, key.HookName);
    }

    [Fact]
    public void MissingVariablesAreAClearErrorWithoutAStackTrace()
    {
        var stderr = new StringWriter();
        var code = Dispatcher.Run(_ => throw new InvalidOperationException("the charm must not be built"), new DispatchOptions
        {
            Environment = new Dictionary<string, string>(),
            Backend = new InMemoryBackend("app/0", new Testing.State()),
            Error = stderr,
        });

        Assert.Equal(Dispatcher.ExitEnvironmentError, code);
        var text = stderr.ToString();
        Assert.Contains("JUJU_DISPATCH_PATH is not set", text, StringComparison.Ordinal);
        Assert.Contains("JUJU_UNIT_NAME is not set", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JUJU_DISPATCH_PATH", "install", "expected 'hooks/<event>'")]
    [InlineData("JUJU_UNIT_NAME", "app", "expected '<application>/<number>'")]
    [InlineData("JUJU_UNIT_NAME", "app/x", "expected '<application>/<number>'")]
    [InlineData("JUJU_UNIT_NAME", "app/99999999999999999999", "JUJU_UNIT_NAME is 'app/99999999999999999999'; expected '<application>/<number>' with a number from 0 to 2147483647")]
    [InlineData("JUJU_UNIT_NAME", "app/2147483648", "with a number from 0 to 2147483647")]
    [InlineData("JUJU_UNIT_NAME", "app/+1", "expected '<application>/<number>'")]
    [InlineData("JUJU_REMOTE_UNIT", "dist/99999999999999999999", "JUJU_REMOTE_UNIT is 'dist/99999999999999999999'")]
    [InlineData("JUJU_RELATION_ID", "banana", "expected '<endpoint>:<number>'")]
    [InlineData("JUJU_RELATION_ID", "other:7", "not on endpoint 'cluster'")]
    [InlineData("JUJU_REMOTE_UNIT", "dist", "JUJU_REMOTE_UNIT is 'dist'")]
    public void MalformedVariablesAreNamed(string variable, string value, string expected)
    {
        var env = Hook.RelationChanged(new RelationState("cluster", 7, "dist").WithRemoteUnit(0), 0).ToEnvironment("app/0", "/charm");
        env[variable] = value;

        var error = Assert.Throws<JujuEnvironmentException>(() => JujuEnvironment.Parse(env, "/charm"));

        Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AUnitNumberTooBigForAnIntIsAnEnvironmentErrorNotACrash()
    {
        var stderr = new StringWriter();
        var env = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        env["JUJU_UNIT_NAME"] = "app/99999999999999999999";

        var outcome = Dispatcher.RunHook(_ => throw new InvalidOperationException("the charm must not be built"), new DispatchOptions
        {
            Environment = env,
            Backend = new InMemoryBackend("app/0", new Testing.State()),
            StateStore = new Framework.Hosting.InMemoryStateStore(),
            Error = stderr,
            HostName = "h",
        });

        Assert.Equal(Dispatcher.ExitEnvironmentError, outcome.ExitCode);
        Assert.IsType<JujuEnvironmentException>(outcome.Error);
        var text = stderr.ToString();
        Assert.Contains("JUJU_UNIT_NAME is 'app/99999999999999999999'", text, StringComparison.Ordinal);
        Assert.Contains("a number from 0 to 2147483647", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AStateStoreThatFailsItsOwnWayIsAStateErrorNotACrash()
    {
        var stderr = new StringWriter();
        var built = false;

        var outcome = Dispatcher.RunHook(
            context =>
            {
                built = true;
                return new DelegateCharm(context, _ => { });
            },
            new DispatchOptions
            {
                Environment = Hook.Install.ToEnvironment("app/0", Path.GetTempPath()),
                Backend = new InMemoryBackend("app/0", new Testing.State()),
                StateStore = new FailingStore(),
                Error = stderr,
                HostName = "h",
            });

        Assert.Equal(Dispatcher.ExitStateError, outcome.ExitCode);
        Assert.IsType<IOException>(outcome.Error);
        Assert.False(built);
        var text = stderr.ToString();
        Assert.Contains("could not be loaded by FailingStore: IOException: the disk is gone", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    private sealed class FailingStore : Framework.Hosting.IStateStore
    {
        public Framework.State.StateSnapshot Load() => throw new IOException("the disk is gone");

        public void Save(Framework.State.StateSnapshot snapshot) => throw new InvalidOperationException("a hook that could not load must not save");
    }

    [Fact]
    public void AModelThatCannotBeBuiltFromAHandMadeEnvironmentIsAClearErrorAndCommitsNothing()
    {
        // JujuEnvironment.Parse rejects this name; a JujuEnvironment made by hand does not go through it.
        var environment = new JujuEnvironment
        {
            DispatchPath = "hooks/install",
            Event = EventKey.Install,
            UnitName = "app/99999999999999999999",
            CharmDirectory = Path.GetTempPath(),
        };
        var stderr = new StringWriter();
        var store = new Framework.Hosting.InMemoryStateStore();
        var built = false;
        var session = new HookSession(
            environment,
            new InMemoryBackend("app/0", new Testing.State()),
            store,
            CharmMetadata.ParseYaml("name: app\n"),
            new Framework.Processes.SystemProcessRunner(),
            "h",
            stderr);

        var outcome = session.Run(context =>
        {
            built = true;
            return new DelegateCharm(context, _ => { });
        });

        Assert.Equal(Dispatcher.ExitEnvironmentError, outcome.ExitCode);
        Assert.IsType<ModelException>(outcome.Error);
        Assert.False(built);
        Assert.Equal(0, store.SaveCount);
        var text = stderr.ToString();
        Assert.Contains("error: cannot run install on unit 'app/99999999999999999999'", text, StringComparison.Ordinal);
        Assert.Contains("JUJU_UNIT_NAME", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARelationIdGivenAsANumberIsAccepted()
    {
        var env = Hook.RelationChanged(new RelationState("cluster", 7, "dist").WithRemoteUnit(0), 0).ToEnvironment("app/0", "/charm");
        env["JUJU_RELATION_ID"] = "7";
        Assert.Equal(new RelationId("cluster", 7), JujuEnvironment.Parse(env, "/charm").RelationId);
    }

    [Fact]
    public void AnUnhandledEventSucceeds()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "i", (InstallEvent _) => Assert.Fail("wrong event"))));
        var result = ctx.Run(Hook.Start, new Testing.State());
        Assert.True(result.Succeeded);
        Assert.Equal(["start"], result.EmittedEvents);
    }

    [Fact]
    public void AnEventTheFrameworkDoesNotModelSucceeds()
    {
        var ctx = new Context(DelegateCharm.With(_ => { }));
        var result = ctx.Run(Hook.Named("secret-rotate"), new Testing.State());
        Assert.True(result.Succeeded);
        Assert.Empty(result.EmittedEvents);
    }

    [Fact]
    public void TheHookFailsWithExitCodeOneWhenTheCharmThrows()
    {
        var stderr = new StringWriter();
        var env = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        var backend = new InMemoryBackend("app/0", new Testing.State());
        var code = Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "i", (InstallEvent _) => throw new InvalidOperationException("kaput"))),
            new DispatchOptions { Environment = env, Backend = backend, StateStore = new Framework.Hosting.InMemoryStateStore(), Error = stderr, HostName = "h" });

        Assert.Equal(Dispatcher.ExitHookFailed, code);
        Assert.Contains("kaput", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(backend.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("kaput", StringComparison.Ordinal));
    }

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
