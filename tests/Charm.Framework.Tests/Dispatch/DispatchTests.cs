using System.Collections.Immutable;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Dispatch;

/// <summary>How <see cref="Dispatcher"/> ends a hook: the exit codes Juju reads (0, 1, 2, 3), each failure explained without a stack trace.</summary>
public sealed class DispatchTests
{
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
        var result = ctx.Run(Hook.Named("collect-metrics"), new Testing.State());
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
}
