using Charm.Reliability.Tests.Model;
using Charm.Reliability.Tests.Support;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// Found by the model-based test on 95aaaec (docs/reliability.md, B-7; CsCheck seed 5Us1Ccn2kds2 of that commit's
/// generator, which drew new seeds on every run): distributor/0 mirrored as leader, a crash was armed on it, leadership
/// moved to distributor/1, then workload/0 was removed. The new leader pruned mirror-workload-0; distributor/0, no longer
/// leader, saw the departure but only a leader pruned, so it kept the departed host's key for ever and the run never
/// converged. A non-leader now drops the keys of hosts it saw depart from its own databag.
/// </summary>
public sealed class FormerMirrorPruneTests
{
    [Fact]
    public void AFormerMirrorDropsTheKeyOfAHostThatDepartedAfterLeadershipMoved()
    {
        var schedule = new Schedule(3, 2, 20858, Converge: true, TailSteps: 0,
        [
            new Steps(12),
            new Steps(8),
            new Steps(10),
            new Crash(App.Distributor, 4, CrashPoint.HookEnd),
            new Steps(7),
            new MoveLeader(App.Distributor, 3),
            new RemoveUnit(App.Workload, 0),
            new CliFault(5, "add", CliFaultKind.FailUntilCleared),
            new Steps(3),
            new AddUnit(App.Workload),
        ]);
        var counters = new RunCounters();
        IReadOnlyDictionary<string, string>? formerMirror = null;

        ScheduleRunner.Run(schedule, counters, sim => formerMirror = sim.Model.Relations.Single().UnitData("distributor/0"));

        Assert.Equal(1, counters["schedules converged"]);
        Assert.Equal(1, counters["ops: units removed"]);
        Assert.Equal("down", formerMirror!["mirror"]);
        Assert.DoesNotContain("mirror-workload-0", formerMirror.Keys);
    }
}
