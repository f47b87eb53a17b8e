using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary><c>network-get</c> through the model (ops' <c>Model.get_binding(...).network</c>) against the in-memory agent.</summary>
public sealed class NetworkTests
{
    private static readonly CharmMetadata Metadata = new([new EndpointSpec("cluster", EndpointRole.Peers, "microcluster", null)]);

    private static readonly RelationState Cluster = new("cluster", 3, "app") { IsPeer = true };

    [Fact]
    public void A_binding_the_state_gives_a_network_answers_it_and_is_read_once_per_hook()
    {
        string? bind = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "t", (InstallEvent _) =>
        {
            bind = c.Model.GetBinding("cluster").Network.BindAddress;
            Assert.Same(c.Model.GetBinding("cluster").Network, c.Model.GetBinding("cluster").Network);
        })), Metadata);

        var result = ctx.Run(Hook.Install, new State().WithNetwork("cluster", "192.0.2.10")).EnsureSuccess();

        Assert.Equal("192.0.2.10", bind);
        Assert.Single(result.BackendCalls, c => c.Tool == "network-get");
    }

    [Fact]
    public void A_declared_endpoint_without_a_network_in_the_state_answers_the_units_agent_address()
    {
        Network? network = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "t", (InstallEvent _) => { network = c.Model.GetBinding("cluster").Network; })), Metadata, "app/4");

        ctx.Run(Hook.Install, new State()).EnsureSuccess();

        var address = InMemoryBackend.AgentAddress("app/4");
        Assert.Equal(address, network!.BindAddress);
        Assert.Equal([address], network.IngressAddresses);
        Assert.Equal([address + "/32"], network.EgressSubnets);
    }

    [Fact]
    public void An_undeclared_binding_fails_the_hook_with_jujus_no_network_config_error()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "t", (InstallEvent e) => { _ = c.Model.GetBinding("nope").Network; })), Metadata);

        var result = ctx.Run(Hook.Install, new State());

        var error = Assert.IsType<BindingNotFoundException>(result.Error);
        Assert.Contains("no network config found for binding \"nope\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relations_binding_asks_with_its_relation_and_a_gone_relation_is_RelationNotFound()
    {
        string? ingress = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "t", (RelationChangedEvent e) =>
        {
            ingress = c.Model.GetBinding(e.Relation).Network.IngressAddress;
            Assert.Equal("cluster (cluster:3)", c.Model.GetBinding(e.Relation).ToString());
        })), Metadata);

        var result = ctx.Run(Hook.RelationChanged(Cluster.WithRemoteUnit(1)), new State().WithRelation(Cluster.WithRemoteUnit(1)).WithNetwork("cluster", "198.51.100.2")).EnsureSuccess();

        Assert.Equal("198.51.100.2", ingress);
        Assert.Contains(result.BackendCalls, c => c.Tool == "network-get" && c.Arguments == "-r 3 cluster");
        var backend = new InMemoryBackend("app/0", new State(), null, Metadata);
        Assert.Throws<RelationNotFoundException>(() => backend.NetworkGet("cluster", new RelationId("cluster", 8)));
    }
}
