using Charm.Reliability.Tests.Model;
using Charm.Reliability.Tests.Support;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// Found by <see cref="RogueScheduleTests"/> (docs/security.md and docs/reliability.md, R-2; case seed
/// 5DqYvt9Kj-UJJFSI1 of its first generator): a rogue second application, related to the distributor without
/// isolation, offered forged tokens for host names nobody runs (it guessed <c>workload-3</c>). The distributor mirrors a
/// token for a host no relation publishes (a new leader may not see every unit yet), and the communicator took such a
/// token over as if an earlier communicator had issued it: a token lifetime later it issued a genuine token of the
/// honest cluster for <c>workload-3</c>, which the merged mirror then showed to every related unit, a join credential
/// for whoever names a machine so. The communicator now takes over only tokens for hosts the distributor's
/// <c>cluster-host-units</c> record names.
/// </summary>
public sealed class RogueMirroredTokenTests
{
    [Fact]
    public void TheCommunicatorIssuesNoTokenForAHostNobodyPublishesWhoseForgedTokenARogueGotMirrored()
    {
        var plan = new RoguePlan([ForgeKind.ForeignAddress, ForgeKind.WrongSecret], Empties: 855, ClaimMember: false, OwnCluster: true, Seed: -7289);
        var schedule = new Schedule(3, 3, 25264, Converge: true, TailSteps: 0,
        [
            new UpdateStatus(),
            new Partition(1),
            new Steps(3),
        ],
        new RogueSetup(UnitNumber: null, AppUnits: 2, Isolate: false, plan));
        var counters = new RunCounters();
        var honestAdds = new List<string>();

        // The runner itself fails the schedule on an add for a host no unit has ("every name the communicator mints a
        // token for is a published host"); the calls are also read back here.
        ScheduleRunner.Run(schedule, counters, sim => honestAdds.AddRange(sim.Microcluster.ListCalls()
            .Where(c => c.HostName.StartsWith(ScheduleRunner.WorkloadApp + "-", StringComparison.Ordinal) && c.Arguments is ["add", _])
            .Select(c => c.Arguments[1])));

        Assert.Equal(1, counters["schedules converged"]);
        Assert.NotEmpty(honestAdds);
        Assert.All(honestAdds, name => Assert.Contains(name, new[] { "workload-0", "workload-1", "workload-2", "rogue-0", "rogue-1" }));
    }
}
