using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// Time passes during a hook. The seed's and v0.8's consumers (canonical/microcluster-token-distributor-operator,
/// <c>token_distributor.py</c>) wait after a bootstrap or join by polling the CLI's <c>list</c> with <c>sleep(1)</c>
/// until no member is PENDING; on a real cluster a new member gets its role at the leader's next heartbeat, within one
/// heartbeat interval of wall-clock time (microcluster-cli.md). The consumer here is a shell-script charm that does
/// the same, related to this project's distributor (the test charm's <c>distributor</c> role, the real library).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SleepingConsumerTests : IDisposable
{
    // A POSIX sh consumer of the token distributor protocol (docs/protocol.md): publishes hostname; the leader
    // bootstraps when no data exists; others join with the token mirrored for their host; after either it polls
    // `list` once a second until no member is PENDING; the communicator (smallest ONLINE voter) says mirror=up and
    // offers a token for every host the mirror lists that is not a member yet.
    private const string Dispatch = """
        #!/bin/sh
        set -eu
        cli=microctl
        host=${SIM_HOSTNAME:-$(uname -n)}
        state="$JUJU_CHARM_DIR/.member"
        case "${JUJU_HOOK_NAME:-}" in
          cluster-relation-created|cluster-relation-joined|cluster-relation-changed) ;;
          *) exit 0 ;;
        esac
        rid=$JUJU_RELATION_ID
        relation-set -r "$rid" hostname="$host"
        members() { $cli list --format csv; }
        wait_pending() {
          while members | cut -d, -f3 | grep -qx PENDING; do
            sleep 1
          done
        }
        mirrored() {
          for u in $(relation-list -r "$rid"); do
            [ "$(relation-get -r "$rid" mirror "$u")" = up ] || continue
            v=$(relation-get -r "$rid" "$1" "$u")
            if [ -n "$v" ] && [ "$v" != empty ]; then echo "$v"; return; fi
          done
        }
        any_data() {
          for u in $(relation-list -r "$rid"); do
            relation-get -r "$rid" - "$u" | grep '^mirror-' | grep -v ': empty$' || true
          done
        }
        if [ ! -f "$state" ]; then
          if [ "$(is-leader --format=json)" = true ] && [ -z "$(any_data)" ]; then
            $cli bootstrap
            status-set active "Cluster bootstrapped"
          else
            token=$(mirrored "mirror-$host")
            if [ -z "$token" ]; then status-set maintenance "Token not in mirror"; exit 0; fi
            $cli join "$token"
            status-set active "Joined cluster"
          fi
          touch "$state"
          wait_pending
        fi
        communicator=$(members | awk -F, '$3 == "voter" && $5 == "ONLINE" { print $1 }' | sort | head -n 1)
        if [ "$communicator" != "$host" ]; then
          if [ -n "$(relation-get -r "$rid" mirror "$JUJU_UNIT_NAME")" ]; then relation-set -r "$rid" mirror=down; fi
          exit 0
        fi
        relation-set -r "$rid" mirror=up
        for u in $(relation-list -r "$rid"); do
          relation-get -r "$rid" - "$u" | sed -n 's/^mirror-\([^:]*\): *empty$/\1/p'
        done | sort -u | while read -r h; do
          if [ "$h" = "$host" ] || members | cut -d, -f1 | grep -qx "$h"; then continue; fi
          if [ -n "$(relation-get -r "$rid" "mirror-$h" "$JUJU_UNIT_NAME")" ]; then continue; fi
          relation-set -r "$rid" "mirror-$h=$($cli add "$h")"
        done
        """;

    private readonly string _charms = Directory.CreateTempSubdirectory("sim-sleeping-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    private (Simulation Sim, SimulationRunResult Result) Run(bool timePasses, TimeSpan hookTimeout)
    {
        var (_, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm);
        var consumer = Path.Combine(_charms, "sleeping-consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "metadata.yaml"), "name: microctl\nrequires:\n  cluster:\n    interface: worker-cluster\n    limit: 1\n");
        ProgramPaths.WriteExecutable(Path.Combine(consumer, "dispatch"), Dispatch.Replace("\r", "", StringComparison.Ordinal) + "\n");

        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sim = new Simulation(new SimulationOptions
        {
            Seed = 2,
            Clock = clock,
            // A short heartbeat keeps the test quick: each joiner waits for at most this much wall-clock time.
            Microcluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { Seed = 2, HeartbeatInterval = TimeSpan.FromSeconds(2) }),
            UpdateStatusInterval = null,
            HookToolPath = ProgramPaths.FastHookToolDirectory,
            HookTimeout = hookTimeout,
            MaxHookAttempts = 1,
            TimePassesDuringHooks = timePasses,
        });
        sim.Deploy("microctl", CharmSource.FromDirectory(consumer), units: 3);
        sim.Deploy("token-distributor", CharmSource.FromDirectory(distributor), units: 1);
        sim.Relate("microctl", "token-distributor");
        bool Formed(Simulation s) => s.Microcluster.ListClusters() is [{ Members.Count: 3 } cluster]
            && cluster.Members.All(m => m.Role != MicroclusterRole.Pending) && !s.HasPendingHooks;
        return (sim, sim.RunUntil(Formed, maxSteps: 400));
    }

    [Fact]
    public void TimePassesDuringAHookSoAConsumerThatSleepsUntilNoMemberIsPendingFormsA3UnitCluster()
    {
        var (sim, result) = Run(timePasses: true, hookTimeout: TimeSpan.FromSeconds(60));
        using (sim)
        {
            Assert.True(result.Converged, $"{result.Reason} after {result.Steps} hooks:\n" + string.Join("\n", sim.Trace.Where(t => t.Result != HookResult.Succeeded).Select(t => $"{t}\n{t.ErrorOutput}")));
            Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
            var cluster = Assert.Single(sim.Microcluster.ListClusters());
            Assert.Equal(
                sim.Model.GetApplication("microctl").Units.Select(u => u.HostName).Order(StringComparer.Ordinal),
                cluster.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
            Assert.Equal(2, sim.Microcluster.ListCalls().Count(c => c.Arguments is ["join", ..] && c.ExitCode == 0));

            // The joiners' hooks polled `list` while their member was PENDING, and the clock moved on meanwhile.
            var joins = sim.Trace.Where(t => t.ClusterCalls.Any(c => c.Arguments is ["join", ..])).ToList();
            Assert.Equal(2, joins.Count);
            Assert.All(joins, t => Assert.True(t.ClusterCalls[^1].Time > t.Time, $"{t}: no simulated time passed while it waited"));
        }
    }

    [Fact]
    public void WithoutTimePassingTheSameConsumerWaitsForeverAndTimesOut()
    {
        var (sim, result) = Run(timePasses: false, hookTimeout: TimeSpan.FromSeconds(4));
        using (sim)
        {
            Assert.False(result.Converged);
            // The first hook that bootstraps or joins never sees its member leave PENDING, and is killed at the timeout.
            var stuck = Assert.Single(sim.Trace, t => t.Result == HookResult.TimedOut);
            Assert.Contains(stuck.ClusterCalls, c => c.Arguments is ["bootstrap" or "join", ..]);
            Assert.True(stuck.ClusterCalls.Count(c => c.Arguments is ["list", ..]) > 1, "the hook did not poll list");
        }
    }
}
