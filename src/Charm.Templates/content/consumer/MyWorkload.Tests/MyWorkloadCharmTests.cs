using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Testing;

namespace MyWorkload.Tests;

/// <summary>
/// One hook at a time on Charm.Testing's in-memory agent: a state in, the hook, the state and the cluster CLI calls
/// out. The distributor is simulated by the databag of its unit: <c>mirror: up</c>, and a join token for this unit's
/// host under <c>mirror-&lt;host&gt;</c>.
/// </summary>
public sealed class MyWorkloadCharmTests
{
    private const string Host = "juju-machine-1";
    private const string Token = "eyJ0b2tlbiI6InNlY3JldCJ9";

    private static readonly CharmMetadata Metadata = new([new EndpointSpec("cluster", EndpointRole.Requires, "worker-cluster")]);

    [Fact]
    public void Without_the_distributor_the_unit_waits_for_it()
    {
        var context = new Context(c => new MyWorkloadCharm(c), Metadata, "my-workload/0") { ProcessRunner = new RecordingProcessRunner(Cluster) };

        var result = context.Run(Hook.Install, new State { HostName = Host }).EnsureSuccess();

        Assert.Equal(StatusKind.Maintenance, result.Output.UnitStatus.Kind);
        Assert.Contains("token distributor", result.Output.UnitStatus.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_unit_joins_with_the_token_the_distributor_mirrors_for_its_host()
    {
        var context = new Context(c => new MyWorkloadCharm(c), Metadata, "my-workload/1") { ProcessRunner = new RecordingProcessRunner(Cluster) };
        var relation = new RelationState("cluster", 7, "microcluster-token-distributor")
            .WithRemoteUnit(0, [new("mirror", "up"), new("mirror-" + Host, Token)]);

        var result = context.Run(Hook.RelationChanged(relation, remoteUnit: 0), new State { HostName = Host }.WithRelation(relation)).EnsureSuccess();

        var join = Assert.Single(result.ProcessCalls, call => call.Arguments.Contains("join"));
        Assert.Equal("microctl", join.FileName);
        Assert.Contains(Token, join.Arguments);
        Assert.Equal(Status.Active("Joined the cluster"), result.Output.UnitStatus);
        Assert.Equal(Host, result.Output.GetRelation(7).LocalUnitData["hostname"]);
    }

    /// <summary>A cluster CLI that succeeds; <c>list</c> shows two online voters, this unit's host among them.</summary>
    private static ProcessResult Cluster(ProcessSpec spec)
        => spec.Arguments.Contains("list")
            ? new ProcessResult(0, """
                [{"name":"juju-machine-0","address":"10.0.0.1:6443","role":"voter","status":"ONLINE"},
                 {"name":"juju-machine-1","address":"10.0.0.2:6443","role":"voter","status":"ONLINE"}]
                """, "")
            : new ProcessResult(0, "", "");
}
