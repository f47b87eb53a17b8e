using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>A failed hook's changes are discarded; it stays at the head of its unit's queue and is retried with backoff.</summary>
public sealed class FailureAndRetryTests
{
    [Fact]
    public void AFailedHooksDatabagAndStoredStateChangesAreDiscardedAndItIsRetriedFirst()
    {
        var failures = 2;
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is RelationChangedEvent changed)
            {
                changed.Relation.LocalUnitData["written"] = "yes";
                charm.Framework.GetStoredState("test").Set("changed", true);
                charm.Model.Config.GetString("x");
                if (failures-- > 0)
                {
                    throw new InvalidOperationException("boom");
                }
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        var relation = sim.Relate("req", "prov");

        // Run until the first failure and look at the model then.
        TraceEntry? failed = null;
        while (failed is null && sim.Step() is { } entry)
        {
            failed = entry.Result == HookResult.Failed ? entry : null;
        }

        Assert.NotNull(failed);
        Assert.Equal("db-relation-changed", failed.Hook.HookName);
        Assert.Contains("boom", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.Empty(failed.Changes);
        var unit = sim.Model.GetUnit("req/0");
        Assert.False(relation.UnitData("req/0").ContainsKey("written"));
        Assert.Empty(unit.StoredState.Stored);
        Assert.Equal(StatusKind.Error, unit.Status.Kind);
        Assert.Equal("hook failed: \"db-relation-changed\"", unit.Status.Message);
        Assert.Equal(failed.Hook, unit.PendingHooks[0]);

        sim.RunUntilQuiescent();

        var attempts = sim.Trace.Where(t => t.Unit == "req/0" && t.Hook == failed.Hook).ToList();
        Assert.Equal([HookResult.Failed, HookResult.Failed, HookResult.Succeeded], attempts.Select(a => a.Result));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        // Backoff on the simulated clock: 5 s, then 10 s (plus the hook's own second).
        Assert.True(attempts[1].Time - attempts[0].Time >= TimeSpan.FromSeconds(5));
        Assert.True(attempts[2].Time - attempts[1].Time >= TimeSpan.FromSeconds(10));
        Assert.Equal("yes", relation.UnitData("req/0")["written"]);
        Assert.True(unit.StoredState.Stored["test"]["changed"].AsBoolean());
        Assert.Null(unit.FailingHook);
    }

    [Fact]
    public void NoOtherHookOfTheUnitRunsWhileItsFailedHookWaits()
    {
        var fail = true;
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is InstallEvent && fail)
            {
                fail = false;
                throw new InvalidOperationException("install fails once");
            }
        }));

        sim.RunUntilQuiescent();

        Assert.Equal(["install", "install", "leader-elected", "config-changed", "start"], sim.Trace.Select(t => t.Hook.HookName));
    }

    [Fact]
    public void AUnitGivesUpAfterTheMaximumNumberOfAttempts()
    {
        var options = new SimulationOptions { Seed = 1, UpdateStatusInterval = null, MaxHookAttempts = 3 };
        using var sim = new Simulation(options);
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is ConfigChangedEvent)
            {
                throw new InvalidOperationException("always");
            }
        }));

        var result = sim.RunUntilQuiescent();

        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.Equal(3, sim.Trace.Count(t => t.Hook.HookName == "config-changed"));
        var unit = Assert.Single(sim.StuckUnits);
        Assert.Equal("config-changed", unit.FailingHook);
        Assert.Equal("start", unit.PendingHooks[1].HookName);
        Assert.False(sim.HasPendingHooks);
    }

    [Fact]
    public void ByDefaultAFailingHookIsRetriedUntilTheStepBoundWhichNamesIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1, UpdateStatusInterval = null });
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is ConfigChangedEvent)
            {
                throw new InvalidOperationException("always");
            }
        }));

        var result = sim.RunUntilQuiescent(maxSteps: 40);

        Assert.Equal(StopReason.StepLimit, result.Reason);
        var retries = sim.Trace.Count(t => t.Hook.HookName == "config-changed");
        Assert.Equal(40 - 2, retries);
        Assert.Empty(sim.StuckUnits);
        Assert.True(sim.HasPendingHooks);
        var failing = Assert.Single(result.FailingHooks);
        Assert.Equal($"app/0 config-changed (failed {retries} times; retrying)", failing);
        Assert.Contains("stopped at the step bound after 40 hook(s)", result.Describe(), StringComparison.Ordinal);
        Assert.Contains(failing, result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ByDefaultAHookThatFailsForAWhileIsRetriedPastTheOldCapAndSucceeds()
    {
        var failures = 15;
        using var sim = new Simulation(new SimulationOptions { Seed = 1, UpdateStatusInterval = null });
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is StartEvent && failures-- > 0)
            {
                throw new InvalidOperationException("not yet");
            }
        }));

        var result = sim.RunUntilQuiescent();

        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.Empty(result.FailingHooks);
        Assert.Equal(16, sim.Trace.Count(t => t.Hook.HookName == "start"));
        Assert.True(sim.Model.GetUnit("app/0").IsStarted);
    }

    [Fact]
    public void AnActionOnAnInProcessCharmRunsBetweenHooksAndIsTraced()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer));
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        var result = sim.RunAction("app/0", "backup");

        // The charm observes no "backup": the framework fails the action through action-fail, which the in-process
        // backend now runs as the tool server does, so the user sees the framework's reason rather than an exit status.
        Assert.Equal(ActionStatus.Failed, result.Status);
        Assert.StartsWith("This charm has no handler for the action 'backup'", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Results);
        Assert.Same(sim.Trace[before], result.Entry);
        Assert.Equal("actions/backup", result.Entry.Hook.DispatchPath);
        Assert.Throws<ArgumentException>(() => sim.RunAction("app/0", "Not An Action"));
        Assert.Throws<ArgumentException>(() => sim.RunAction("app/9", "backup"));
    }

    [Fact]
    public void ANonPositiveAttemptCapIsRejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation(new SimulationOptions { MaxHookAttempts = 0 }));

    [Fact]
    public void AHookThatOutlivesTheTimeoutIsFailedAndItsLateCallsAreRefused()
    {
        using var release = new ManualResetEventSlim();
        Exception? lateCall = null;
        var hang = true;
        var options = new SimulationOptions { Seed = 1, UpdateStatusInterval = null, HookTimeout = TimeSpan.FromSeconds(3) };
        using var sim = new Simulation(options);
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is InstallEvent && hang)
            {
                hang = false;
                release.Wait(TimeSpan.FromSeconds(30));
                try
                {
                    charm.Unit.Status = Status.Active("too late");
                }
                catch (Exception ex)
                {
                    lateCall = ex;
                }
            }
        }));

        var first = sim.Step();
        release.Set();
        sim.RunUntilQuiescent();

        Assert.NotNull(first);
        Assert.Equal(HookResult.TimedOut, first.Result);
        SpinWait.SpinUntil(() => lateCall is not null, TimeSpan.FromSeconds(10));
        var refused = Assert.IsType<Charm.Framework.HookToolException>(lateCall, exactMatch: false);
        Assert.Contains("has ended", refused.Message, StringComparison.Ordinal);
        Assert.NotEqual("too late", sim.Model.GetUnit("app/0").WorkloadStatus.Message);
        Assert.Equal(HookResult.Succeeded, sim.Trace[1].Result);
        Assert.Equal("install", sim.Trace[1].Hook.HookName);
    }
}
