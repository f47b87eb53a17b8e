using Charm.Framework.Model;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// <c>network-get</c> as a real process on PATH: the command line ops 3.x runs (<c>ops/hookcmds/_other.py</c>:
/// <c>--format=json</c>, then <c>-r &lt;number&gt;</c>, then the binding), the JSON keys Juju's jujuc network-get prints
/// (<c>bind-addresses</c> of <c>interface-name</c>/<c>mac-address</c>/<c>addresses</c> with <c>value</c>/<c>cidr</c>/<c>hostname</c>,
/// <c>ingress-addresses</c>, <c>egress-subnets</c>; empty lists left out) and its error texts.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class NetworkGetToolTests : IDisposable
{
    private const string JujuOutput = """
        {"bind-addresses":[{"mac-address":"00:16:3e:aa:bb:cc","interface-name":"eth0","addresses":[{"hostname":"","value":"10.20.0.5","cidr":"10.20.0.0/24"},{"hostname":"","value":"10.20.0.6","cidr":"10.20.0.0/24"}]},{"mac-address":"","interface-name":"fan-252","addresses":[{"hostname":"","value":"252.0.5.1","cidr":"252.0.0.0/8"}]}],"egress-subnets":["10.20.0.5/32"],"ingress-addresses":["10.20.0.5","252.0.5.1"]}
        """;

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public void NetworkGet_for_an_endpoint_runs_the_ops_command_line_and_reads_every_address()
    {
        _tools.AddTool("network-get", JujuOutput + "\n");

        var network = _tools.CreateBackend().NetworkGet("cluster", relation: null);

        Assert.Equal(["--format=json", "cluster"], _tools.SingleCall("network-get"));
        Assert.Equal([""], _tools.Inputs("network-get"));
        Assert.Equal("10.20.0.5", network.BindAddress);
        Assert.Equal("10.20.0.5", network.IngressAddress);
        Assert.Equal(["10.20.0.5", "252.0.5.1"], network.IngressAddresses);
        Assert.Equal(["10.20.0.5/32"], network.EgressSubnets);
        Assert.Equal(2, network.Interfaces.Count);
        Assert.Equal(new NetworkInterface("eth0", "00:16:3e:aa:bb:cc", network.Interfaces[0].Addresses), network.Interfaces[0]);
        Assert.Equal([new InterfaceAddress("10.20.0.5", "10.20.0.0/24", ""), new InterfaceAddress("10.20.0.6", "10.20.0.0/24", "")], network.Interfaces[0].Addresses);
        Assert.Equal("fan-252", network.Interfaces[1].Name);
    }

    [Fact]
    public void NetworkGet_for_a_relation_passes_the_relation_number_with_r_before_the_binding()
    {
        _tools.AddTool("network-get", JujuOutput);

        _ = _tools.CreateBackend().NetworkGet("cluster", new RelationId("cluster", 7));

        Assert.Equal(["--format=json", "-r", "7", "cluster"], _tools.SingleCall("network-get"));
    }

    [Fact]
    public void NetworkGet_with_empty_lists_left_out_has_no_bind_or_ingress_address()
    {
        // Juju's display struct marks all three lists omitempty.
        _tools.AddTool("network-get", "{}");

        var network = _tools.CreateBackend().NetworkGet("cluster", relation: null);

        Assert.Null(network.BindAddress);
        Assert.Null(network.IngressAddress);
        Assert.Empty(network.Interfaces);
        Assert.Empty(network.EgressSubnets);
    }

    [Fact]
    public void NetworkGet_reads_an_address_given_under_the_older_address_key()
    {
        _tools.AddTool("network-get", """{"bind-addresses":[{"interface-name":"eth0","addresses":[{"address":"10.1.1.1","cidr":"10.1.1.0/24"}]}]}""");

        Assert.Equal("10.1.1.1", _tools.CreateBackend().NetworkGet("cluster", relation: null).BindAddress);
    }

    [Fact]
    public void NetworkGet_of_an_unknown_binding_is_BindingNotFoundException_with_jujus_text()
    {
        // jujuc network-get: fmt.Errorf("no network config found for binding %q", name), printed as "ERROR ...", exit 1.
        _tools.AddTool("network-get", exitCode: 1, stderr: "ERROR no network config found for binding \"nope\"\n");

        var e = Assert.Throws<BindingNotFoundException>(() => _tools.CreateBackend().NetworkGet("nope", relation: null));

        Assert.Equal("network-get", e.Tool);
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("no network config found for binding \"nope\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkGet_of_a_gone_relation_is_RelationNotFoundException()
    {
        // jujuc's relation id flag: invalid value "<id>" for option -r: relation not found.
        _tools.AddTool("network-get", exitCode: 1, stderr: "ERROR invalid value \"9\" for option -r: relation not found\n");

        Assert.Throws<RelationNotFoundException>(() => _tools.CreateBackend().NetworkGet("cluster", new RelationId("cluster", 9)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"bind-addresses\":{}}")]
    [InlineData("{\"ingress-addresses\":[1]}")]
    [InlineData("{\"bind-addresses\":[{\"addresses\":[{\"value\":3}]}]}")]
    [InlineData("not json")]
    public void NetworkGet_output_of_another_shape_is_an_error_naming_the_tool(string output)
    {
        _tools.AddTool("network-get", output);

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().NetworkGet("cluster", relation: null));

        Assert.Equal("network-get", e.Tool);
        Assert.Contains("network-get printed output that is not", e.Message, StringComparison.Ordinal);
    }
}
