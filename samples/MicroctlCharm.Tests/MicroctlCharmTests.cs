using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Testing;

namespace MicroctlCharm.Tests;

/// <summary>
/// The microctl sample on Charm.Testing's in-memory agent, from its own charmcraft.yaml: the bind address network-get
/// gives goes to bootstrap when cluster-port is set, the workload version is reported, and list-members answers the
/// member table.
/// </summary>
public sealed class MicroctlCharmTests
{
    private const string Host = "juju-machine-0";

    private static readonly RelationState Distributor = new RelationState("cluster", 3, "token-distributor").WithRemoteUnit(0, [new("mirror", "up")]);

    /// <summary>The charm, declared by its own charmcraft.yaml, with a microctl that <see cref="Cluster"/> answers.</summary>
    private static Context Charm()
        => Context.FromCharmcraft(c => new MicroctlCharm(c), Path.Combine(AppContext.BaseDirectory, "charmcraft.yaml"), processRunner: new RecordingProcessRunner(Cluster));

    [Fact]
    public void Install_reports_the_workload_version()
    {
        var result = Charm().Run(Hook.Install, new State { HostName = Host }).EnsureSuccess();

        Assert.Equal(MicroctlCharm.WorkloadVersion, result.Output.WorkloadVersion);
    }

    [Fact]
    public void The_leader_bootstraps_on_the_cluster_bindings_bind_address_when_cluster_port_is_set()
    {
        var state = new State { Leader = true, HostName = Host }.WithRelation(Distributor).WithNetwork("cluster", "192.0.2.15").WithConfig(MicroctlCharm.ClusterPortOption, 7443L);

        var result = Run(Hook.RelationChanged(Distributor, remoteUnit: 0), state);

        var bootstrap = Assert.Single(result.ProcessCalls, call => call.Arguments.Contains("bootstrap"));
        Assert.Contains("--address=192.0.2.15:7443", bootstrap.Arguments);
    }

    [Fact]
    public void With_the_default_cluster_port_bootstrap_gets_no_address()
    {
        var state = new State { Leader = true, HostName = Host }.WithRelation(Distributor);

        var result = Run(Hook.RelationChanged(Distributor, remoteUnit: 0), state);

        var bootstrap = Assert.Single(result.ProcessCalls, call => call.Arguments.Contains("bootstrap"));
        Assert.DoesNotContain(bootstrap.Arguments, a => a.StartsWith("--address", StringComparison.Ordinal));
        Assert.DoesNotContain(result.BackendCalls, c => c.Tool == "network-get");
    }

    [Fact]
    public void List_members_returns_the_member_table()
    {

        var result = RunAction(MicroctlCharm.ListMembersAction, new State { HostName = Host });

        var action = result.Action!;
        Assert.True(action.Succeeded, action.Failure);
        Assert.Equal("2", action.Results["count"]);
        Assert.Equal("juju-machine-0", action.Results["members.0.name"]);
        Assert.Equal("10.0.0.2:7443", action.Results["members.1.address"]);
        Assert.Equal("voter", action.Results["members.1.role"]);
    }

    [Fact]
    public void The_charmcraft_context_refuses_an_option_the_charm_does_not_declare()
    {

        Assert.Throws<ArgumentException>(() => Charm().Run(Hook.ConfigChanged, new State().WithConfig("port", 1L)));
    }

    private static RunResult Run(Hook hook, State state) => Charm().Run(hook, state).EnsureSuccess();

    private static RunResult RunAction(string name, State state) => Charm().RunAction(name, state).EnsureSuccess();

    /// <summary>A microctl that succeeds; <c>list</c> shows two online voters.</summary>
    private static ProcessResult Cluster(ProcessSpec spec)
        => spec.Arguments.Contains("list")
            ? new ProcessResult(0, """
                [{"name":"juju-machine-0","address":"10.0.0.1:7443","role":"voter","status":"ONLINE"},
                 {"name":"juju-machine-1","address":"10.0.0.2:7443","role":"voter","status":"ONLINE"}]
                """, "")
            : new ProcessResult(0, "", "");
}
