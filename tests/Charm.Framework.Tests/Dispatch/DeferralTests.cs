using Charm.Framework.Events;
using Charm.Framework.State;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Dispatch;

using State = Charm.Testing.State;

public sealed class DeferralTests
{
    private static readonly RelationState Cluster = new RelationState("cluster", 7, "dist").WithRemoteUnit(0).WithRemoteUnit(1);

    [Fact]
    public void ADeferredEventIsSavedWithTheHookEnvironment()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "obs", (RelationChangedEvent e) => e.Defer())));

        var result = ctx.Run(Hook.RelationChanged(Cluster, 1), new State().WithRelation(Cluster)).EnsureSuccess();

        var notice = Assert.Single(result.Output.Deferred);
        Assert.Equal(new DeferredNotice("obs", "cluster-relation-changed", "cluster:7", "dist", "dist/1"), notice);
    }

    [Fact]
    public void DeferredEventsAreReemittedInOrderBeforeTheNewEvent()
    {
        var seen = new List<string>();
        var ctx = new Context(DelegateCharm.With(c =>
        {
            c.Framework.Observe(EventKey.RelationChanged("cluster"), "changed", (RelationChangedEvent e) => seen.Add("changed:" + e.RemoteUnit));
            c.Framework.Observe(EventKey.Install, "install", (InstallEvent _) => seen.Add("install"));
            c.Framework.Observe(EventKey.ConfigChanged, "config", (ConfigChangedEvent _) => seen.Add("config"));
        }));
        var input = new State { Stored = StateSnapshot.Empty with
        {
            Deferred =
            [
                new DeferredNotice("changed", "cluster-relation-changed", "cluster:7", "dist", "dist/1"),
                new DeferredNotice("install", "install"),
                new DeferredNotice("changed", "cluster-relation-changed", "cluster:7", "dist", "dist/0"),
            ],
        } }.WithRelation(Cluster);

        var result = ctx.Run(Hook.ConfigChanged, input).EnsureSuccess();

        Assert.Equal(["changed:dist/1", "install", "changed:dist/0", "config"], seen);
        Assert.Empty(result.Output.Deferred);
        Assert.Equal(["cluster-relation-changed", "install", "cluster-relation-changed", "config-changed"], result.EmittedEvents);
        Assert.True(result.Outcome.Events[0].Reemitted);
        Assert.False(result.Outcome.Events[3].Reemitted);
    }

    [Fact]
    public void AHandlerThatDefersAgainKeepsItsEventQueuedInPlace()
    {
        var attempts = 0;
        var ctx = new Context(DelegateCharm.With(c =>
        {
            c.Framework.Observe(EventKey.Install, "install", (InstallEvent e) =>
            {
                attempts++;
                e.Defer();
            });
            c.Framework.Observe(EventKey.Start, "start", (StartEvent e) => e.Defer());
        }));
        var first = ctx.Run(Hook.Install, new State()).EnsureSuccess();
        var second = ctx.Run(Hook.Start, first.Output).EnsureSuccess();
        var third = ctx.Run(Hook.UpdateStatus, second.Output).EnsureSuccess();

        Assert.Equal(3, attempts);
        Assert.Equal(["install", "start"], third.Output.Deferred.Select(n => n.HookName));
    }

    [Fact]
    public void OnlyTheObserverThatDeferredIsCalledAgain()
    {
        var calls = new List<string>();
        var ctx = new Context(DelegateCharm.With(c =>
        {
            c.Framework.Observe(EventKey.Install, "a", (InstallEvent e) => calls.Add("a"));
            c.Framework.Observe(EventKey.Install, "b", (InstallEvent e) =>
            {
                calls.Add("b");
                if (calls.Count < 3)
                {
                    e.Defer();
                }
            });
        }));

        var first = ctx.Run(Hook.Install, new State()).EnsureSuccess();
        Assert.Equal(["a", "b"], calls);
        Assert.Equal("b", Assert.Single(first.Output.Deferred).ObserverId);

        var second = ctx.Run(Hook.UpdateStatus, first.Output).EnsureSuccess();
        Assert.Equal(["a", "b", "b"], calls);
        Assert.Empty(second.Output.Deferred);
    }

    [Fact]
    public void ADeferredRelationEventWhoseRelationIsGoneIsDropped()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "changed", (RelationChangedEvent e) => Assert.Fail("must not run"))));
        var input = new State { Stored = StateSnapshot.Empty with { Deferred = [new DeferredNotice("changed", "cluster-relation-changed", "cluster:9", "dist", "dist/0")] } };

        var result = ctx.Run(Hook.UpdateStatus, input).EnsureSuccess();

        Assert.Empty(result.Output.Deferred);
        Assert.Contains(result.Logs, l => l.Message.Contains("cluster:9", StringComparison.Ordinal));
    }

    [Fact]
    public void AFailedHookKeepsThePreviousQueue()
    {
        var ctx = new Context(DelegateCharm.With(c =>
        {
            c.Framework.Observe(EventKey.Install, "install", (InstallEvent e) => { });
            c.Framework.Observe(EventKey.Start, "start", (StartEvent e) => throw new InvalidOperationException("fail"));
        }));
        var input = new State { Stored = StateSnapshot.Empty with { Deferred = [new DeferredNotice("install", "install")] } };

        var result = ctx.Run(Hook.Start, input);

        Assert.False(result.Succeeded);
        Assert.Equal(input.Deferred, result.Output.Deferred);
    }

    [Fact]
    public void ObservingWithTheWrongEventTypeFailsAtRegistration()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "x", (StartEvent _) => { })));
        var result = ctx.Run(Hook.Install, new State());
        Assert.IsType<ArgumentException>(result.Error);
        Assert.Contains("InstallEvent", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredStatePersistsAcrossHooks()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.UpdateStatus, "count", (UpdateStatusEvent _) =>
        {
            var s = c.Framework.GetStoredState("counter");
            s.Set("n", s.GetInt64("n") + 1);
            s.Set("names", new[] { "a", "b" });
            s.Set("ratio", 0.5);
        })));

        var state = new State();
        for (var i = 0; i < 3; i++)
        {
            state = ctx.Run(Hook.UpdateStatus, state).EnsureSuccess().Output;
        }

        Assert.Equal(3L, state.GetStored("counter", "n")!.Value.AsInt64());
        Assert.Equal(["a", "b"], state.GetStored("counter", "names")!.Value.AsStringList());
        Assert.Equal(0.5, state.GetStored("counter", "ratio")!.Value.AsDouble());
    }
}
