using Charm.Framework.Model;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// <c>application-version-set</c>, <c>open-port</c>/<c>close-port</c>/<c>opened-ports</c> and <c>goal-state</c> as real
/// processes on PATH, with ops 3.x's command lines (<c>ops/hookcmds/_other.py</c>: <c>application-version-set -- v</c>,
/// <c>goal-state --format=json</c>; <c>_port.py</c>: <c>open-port &lt;port&gt;[-&lt;to&gt;]/&lt;protocol&gt;</c> or the protocol
/// alone, <c>opened-ports --format=json</c> listing <c>80/tcp</c>, <c>8000-8999/udp</c>, <c>icmp</c>).
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class UnitToolTests : IDisposable
{
    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public void ApplicationVersionSet_passes_the_version_after_a_double_dash()
    {
        _tools.AddTool("application-version-set");

        _tools.CreateBackend().ApplicationVersionSet("-2.1.0+snap");

        Assert.Equal(["--", "-2.1.0+snap"], _tools.SingleCall("application-version-set"));
    }

    [Fact]
    public void OpenPort_and_ClosePort_pass_jujus_port_form()
    {
        _tools.AddTool("open-port");
        _tools.AddTool("close-port");
        var backend = _tools.CreateBackend();

        backend.OpenPort(OpenedPort.Tcp(8443));
        backend.OpenPort(new OpenedPort("udp", 8000, 8999));
        backend.OpenPort(OpenedPort.Icmp);
        backend.ClosePort(OpenedPort.Udp(53));

        Assert.Equal([["8443/tcp"], ["8000-8999/udp"], ["icmp"]], _tools.Calls("open-port"));
        Assert.Equal(["53/udp"], _tools.SingleCall("close-port"));
    }

    [Theory]
    [InlineData("sctp", 80)]
    [InlineData("tcp", 0)]
    [InlineData("tcp", 65536)]
    [InlineData("tcp", null)]
    [InlineData("icmp", 1)]
    public void A_port_juju_does_not_open_is_refused_before_any_call(string protocol, int? port)
    {
        _tools.AddTool("open-port");

        Assert.Throws<ArgumentException>(() => _tools.CreateBackend().OpenPort(new OpenedPort(protocol, port)));

        Assert.Empty(_tools.Calls("open-port"));
    }

    [Fact]
    public void OpenedPorts_reads_every_form_juju_lists()
    {
        _tools.AddTool("opened-ports", """["80/tcp","8000-8999/udp","icmp"]""" + "\n");

        var ports = _tools.CreateBackend().OpenedPorts();

        Assert.Equal(["--format=json"], _tools.SingleCall("opened-ports"));
        Assert.Equal([OpenedPort.Tcp(80), new OpenedPort("udp", 8000, 8999), OpenedPort.Icmp], ports);
    }

    [Fact]
    public void OpenedPorts_with_an_entry_of_another_form_is_an_error_naming_the_tool()
    {
        _tools.AddTool("opened-ports", """["eighty/tcp"]""");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().OpenedPorts());

        Assert.Equal("opened-ports", e.Tool);
        Assert.Contains("eighty/tcp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoalState_reads_units_and_relations_and_plans_the_units_that_are_not_dying()
    {
        _tools.AddTool("goal-state", """
            {"units":{"ceph/0":{"status":"active","since":"2026-01-01 00:00:00Z"},"ceph/1":{"status":"waiting","since":"2026-01-01 00:00:00Z"},"ceph/2":{"status":"dying","since":"2026-01-01 00:00:00Z"}},
             "relations":{"cluster":{"ceph":{"status":"joined","since":"x"},"ceph/1":{"status":"joining","since":"x"}}}}
            """);

        var goal = _tools.CreateBackend().GoalState();

        Assert.Equal(["--format=json"], _tools.SingleCall("goal-state"));
        Assert.Equal(2, goal.PlannedUnits);
        Assert.Equal("dying", goal.Units["ceph/2"]);
        Assert.Equal("joining", goal.Relations["cluster"]["ceph/1"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"units":[]}""")]
    [InlineData("""{"units":{"a/0":"active"}}""")]
    public void GoalState_of_another_shape_is_an_error(string output)
    {
        _tools.AddTool("goal-state", output);

        Assert.Equal("goal-state", Assert.Throws<HookToolException>(() => _tools.CreateBackend().GoalState()).Tool);
    }
}
