using Charm.Reliability.Tests.Model;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// Found by a convergence soak (docs/reliability.md, B-5; CsCheck seed 0sNU1RmO7Dg1 with RELIABILITY_CONVERGENCE_PERCENT=100):
/// the bootstrapper issued every token; a unit with a smaller host name joined and became the communicator; the
/// outstanding tokens then expired. The old communicator no longer issues, the new one only re-issued tokens it had
/// issued itself, so the waiting units never got a fresh token. The new communicator now takes over such tokens.
/// </summary>
public sealed class CommunicatorHandOverTests
{
    [Fact]
    public void TokensAnEarlierCommunicatorIssuedAreReissuedWhenTheyExpire()
    {
        var schedule = new Schedule(6, 2, 15157323, Converge: true, TailSteps: 0,
        [
            new RemoveUnit(App.Distributor, 4),
            new Steps(3),
            new Steps(12),
            new Steps(3),
            new Steps(2),
            new MoveLeader(App.Workload, 3),
            new Steps(10),
            new Steps(12),
            new ExpireTokens(),
            new Steps(9),
            new Steps(11),
        ]);
        var counters = new RunCounters();

        ScheduleRunner.Run(schedule, counters);

        Assert.Equal(1, counters["schedules converged"]);
    }
}
