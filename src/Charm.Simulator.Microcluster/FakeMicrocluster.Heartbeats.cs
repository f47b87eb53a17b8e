using System.Globalization;
using System.Text;

namespace Charm.Simulator.Microcluster;

// Heartbeats: the cluster leader's periodic pass that promotes PENDING members and sees who is unreachable.
public sealed partial class FakeMicrocluster
{
    /// <summary>Runs a heartbeat in every cluster now: assigns roles and stamps <c>last_heartbeat</c>.</summary>
    /// <remarks>
    /// Roles go to the oldest members first, reachable members before unreachable ones:
    /// <see cref="FakeMicroclusterOptions.Voters"/> voters, then <see cref="FakeMicroclusterOptions.StandBys"/>
    /// stand-bys, then spares. Unreachable members keep their previous <c>last_heartbeat</c>.
    /// </remarks>
    public void Heartbeat()
    {
        lock (_gate)
        {
            DateTimeOffset now = _clock.Now;
            foreach (ClusterState cluster in _clusters)
            {
                Beat(cluster, now);
            }
        }
    }

    /// <summary>
    /// Runs the heartbeats that fall due at or before <paramref name="time"/> (one per cluster every
    /// <see cref="FakeMicroclusterOptions.HeartbeatInterval"/> since its bootstrap; a gap of several intervals runs
    /// once, stamped with the last due instant). Call it after moving the simulation clock to <paramref name="time"/>.
    /// </summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        lock (_gate)
        {
            RunDueHeartbeats(time);
        }
    }

    private void CatchUp(DateTimeOffset now)
    {
        if (Options.AutomaticHeartbeats)
        {
            RunDueHeartbeats(now);
        }
    }

    private void RunDueHeartbeats(DateTimeOffset now)
    {
        long interval = Options.HeartbeatInterval.Ticks;
        foreach (ClusterState cluster in _clusters)
        {
            if (cluster.NextHeartbeat > now)
            {
                continue;
            }

            long missed = (now - cluster.NextHeartbeat).Ticks / interval;
            DateTimeOffset due = cluster.NextHeartbeat + TimeSpan.FromTicks(missed * interval);
            Beat(cluster, due);
            cluster.NextHeartbeat = due + Options.HeartbeatInterval;
        }
    }

    private void Beat(ClusterState cluster, DateTimeOffset at)
    {
        int rank = 0;

        // OrderBy is stable: within each reachability group the members stay oldest first.
        foreach ((MemberState member, bool unreachable) in cluster.Members
            .Select(m => (m, _unreachableHosts.Contains(m.Name)))
            .OrderBy(pair => pair.Item2))
        {
            member.Role = rank < Options.Voters ? MicroclusterRole.Voter
                : rank < Options.Voters + Options.StandBys ? MicroclusterRole.StandBy
                : MicroclusterRole.Spare;
            rank++;
            if (!unreachable)
            {
                member.LastHeartbeat = at;
            }
        }
    }
}
