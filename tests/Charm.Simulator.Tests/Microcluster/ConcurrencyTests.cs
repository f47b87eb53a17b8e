using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class ConcurrencyTests
{
    private const int Joiners = 40;

    [Fact]
    public void Many_threads_adding_and_joining_leave_a_consistent_cluster()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");
        string[] names = [.. Enumerable.Range(1, Joiners).Select(i => "host-" + i)];
        var tokens = new string[Joiners];
        using var start = new Barrier(Joiners);

        RunThreads(i =>
        {
            start.SignalAndWait();
            tokens[i] = world.Token("host-0", names[i]);
        });
        Assert.Equal(Joiners, world.Cluster.ListOutstandingTokens().Count);

        var results = new CliResult[Joiners];
        RunThreads(i =>
        {
            start.SignalAndWait();
            results[i] = world.Run(names[i], "join", tokens[i]);
            _ = world.Run(names[i], "list", "-f", "json");
        });

        Assert.All(results, r => Assert.True(r.Succeeded, r.StandardError));
        Assert.Empty(world.Cluster.ListOutstandingTokens());
        ClusterSnapshot cluster = Assert.Single(world.Cluster.ListClusters());
        Assert.Equal(Joiners + 1, cluster.Members.Count);
        Assert.Equal(Joiners + 1, cluster.Members.Select(m => m.Address).Distinct().Count());
        Assert.Equal(1 + (3 * Joiners), world.Cluster.ListCalls().Count);
        Assert.Equal(Enumerable.Range(1, 1 + (3 * Joiners)).Select(i => (long)i), world.Cluster.ListCalls().Select(c => c.Sequence));

        world.Cluster.Heartbeat();
        IReadOnlyList<ClusterMemberSnapshot> members = world.Cluster.ListClusters()[0].Members;
        Assert.Equal(3, members.Count(m => m.Role == MicroclusterRole.Voter));
        Assert.Equal(3, members.Count(m => m.Role == MicroclusterRole.StandBy));
        Assert.Equal(Joiners + 1 - 6, members.Count(m => m.Role == MicroclusterRole.Spare));
    }

    [Fact]
    public void Racing_adds_for_one_name_issue_exactly_one_token()
    {
        var world = new ClusterWorld();
        world.Form(3);
        using var start = new Barrier(Joiners);
        var results = new CliResult[Joiners];

        RunThreads(i =>
        {
            start.SignalAndWait();
            results[i] = world.Run("host-" + (i % 3), "add", "newcomer");
        });

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains("is taken", r.StandardError, StringComparison.Ordinal));
        Assert.Single(world.Cluster.ListOutstandingTokens());
    }

    private static void RunThreads(Action<int> body)
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread[] threads = [.. Enumerable.Range(0, Joiners).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a worker thread did not finish");
        }

        Assert.Empty(errors);
    }
}
