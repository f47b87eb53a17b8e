using System.Globalization;
using System.Text.Json;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Model;
using YamlDotNet.RepresentationModel;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>
/// <c>open-port</c>, <c>close-port</c>, <c>opened-ports</c> and <c>goal-state</c> as the hook-tool server answers them,
/// checked against juju/juju: the jujuc commands (internal/worker/uniter/runner/jujuc/ports.go, opened-ports.go,
/// goal-state.go), the range parser (core/network/portrange.go), the hook context's port-range recorder
/// (internal/worker/uniter/runner/context/portrangechanges.go) and the uniter facade's goal state (GoalStates).
/// </summary>
public sealed class PortAndGoalStateToolTests
{
    private static ToolResponse Call(HookContext context, string tool, params string[] arguments) => ToolHarness.CallIn(context, tool, null, arguments);

    private static ToolResponse Ok(ToolResponse response)
    {
        Assert.True(response.ExitCode == 0, response.StandardError);
        return response;
    }

    [Fact]
    public void OpenPortTakesJujusRangeFormsAndOpenedPortsListsThemSortedOncePerRange()
    {
        // portrange.go ParsePortRange: no protocol means tcp, "icmp" has no port, input is lower-cased (ports.go Init).
        using var h = new ToolHarness();
        var unit = h.ContextFor("req/0");
        Ok(Call(unit, "open-port", "8443"));
        Ok(Call(unit, "open-port", "1000-2000/UDP"));
        Ok(Call(unit, "open-port", "ICMP"));
        Ok(Call(unit, "open-port", "80/tcp", "--endpoints", "db"));
        Ok(Call(unit, "open-port", "8443/tcp", "--endpoints", "db"));

        // opened-ports: each range once, sorted by protocol then port (SortPortRanges), smart output one per line; JSON a list.
        Assert.Equal("icmp\n80/tcp\n8443/tcp\n1000-2000/udp\n", Ok(Call(unit, "opened-ports")).StandardOutput);
        Assert.Equal(["icmp", "80/tcp", "8443/tcp", "1000-2000/udp"], JsonSerializer.Deserialize<string[]>(Ok(Call(unit, "opened-ports", "--format=json")).StandardOutput)!);

        // --endpoints: each range with its endpoints sorted, or "*" when it is open for all of them.
        Assert.Equal(
            ["icmp (*)", "80/tcp (db)", "8443/tcp (*)", "1000-2000/udp (*)"],
            JsonSerializer.Deserialize<string[]>(Ok(Call(unit, "opened-ports", "--endpoints", "--format=json")).StandardOutput)!);
    }

    [Fact]
    public void PortRequestsShowInOpenedPortsAtOnceButReachTheModelOnlyWhenTheHookSucceeds()
    {
        // portrangechanges.go: OpenedUnitPortRanges merges the hook's pending opens and closes into the unit's open ranges.
        using var h = new ToolHarness();
        var first = h.ContextFor("req/0");
        Ok(Call(first, "open-port", "8443/tcp"));
        Ok(Call(first, "open-port", "9000/udp"));
        Assert.Equal("8443/tcp\n9000/udp\n", Ok(Call(first, "opened-ports")).StandardOutput);
        var unit = h.Simulation.Model.GetUnit("req/0");
        Assert.Empty(unit.OpenedPorts);

        first.Commit();
        Assert.Equal([new UnitPortRange(null, OpenedPort.Tcp(8443)), new UnitPortRange(null, OpenedPort.Udp(9000))], unit.OpenedPorts);

        // A failed hook's requests are dropped (it is never committed); a later hook closes one.
        Ok(Call(h.ContextFor("req/0"), "open-port", "7000/tcp"));
        var second = h.ContextFor("req/0");
        Ok(Call(second, "close-port", "9000/udp"));
        Assert.Equal("8443/tcp\n", Ok(Call(second, "opened-ports")).StandardOutput);
        second.Commit();
        Assert.Equal([new UnitPortRange(null, OpenedPort.Tcp(8443))], unit.OpenedPorts);
    }

    [Theory]
    [InlineData("80/sctp", "ERROR invalid protocol \"sctp\", expected \"tcp\", \"udp\", or \"icmp\"\n")]
    [InlineData("90-80/tcp", "ERROR invalid port range 90-80/tcp\n")]
    [InlineData("80/icmp", "ERROR protocol \"icmp\" doesn't support any ports; got \"80\"\n")]
    [InlineData("70000", "ERROR port range bounds must be between 0 and 65535, got 70000-70000\n")]
    [InlineData("http/tcp", "ERROR invalid port \"http\": strconv.Atoi: parsing \"http\": invalid syntax\n")]
    [InlineData("1-2-3", "ERROR invalid port range \"1-2-3\"\n")]
    public void ARangeJujuCannotParseIsAUsageErrorWithItsText(string range, string error)
    {
        // portrange.go ParsePortRange/Validate run in the command's Init, so the tool exits 2 (a usage error).
        using var h = new ToolHarness();
        var refused = Call(h.ContextFor("req/0"), "open-port", range);
        Assert.Equal((2, "", error), (refused.ExitCode, refused.StandardOutput, refused.StandardError));
    }

    [Fact]
    public void OverlapsAreRefusedAndExactRepeatsAreNoOps()
    {
        using var h = new ToolHarness();
        var unit = h.ContextFor("req/0");
        Ok(Call(unit, "open-port", "8080/tcp"));
        Ok(Call(unit, "open-port", "8080/tcp"));
        Assert.Equal((2, "ERROR no port or range specified\n"), (Call(unit, "open-port").ExitCode, Call(unit, "open-port").StandardError));
        Assert.Equal(2, Call(unit, "open-port", "80", "81").ExitCode);

        // Against the hook's own earlier request ("requested earlier"), then against the unit's open ranges.
        var pending = Call(unit, "open-port", "8000-8100/tcp");
        Assert.Equal((1, "ERROR cannot open 8000-8100/tcp (unit \"req/0\"): port range conflicts with 8080/tcp (unit \"req/0\") requested earlier\n"), (pending.ExitCode, pending.StandardError));
        unit.Commit();
        var next = h.ContextFor("req/0");
        var open = Call(next, "open-port", "8000-8100/tcp");
        Assert.Equal("ERROR cannot open 8000-8100/tcp (unit \"req/0\"): port range conflicts with 8080/tcp (unit \"req/0\")\n", open.StandardError);
        var close = Call(next, "close-port", "8000-8100/tcp");
        Assert.Equal((1, "ERROR cannot close 8000-8100/tcp (unit \"req/0\"): port range conflicts with 8080/tcp (unit \"req/0\")\n"), (close.ExitCode, close.StandardError));

        // The same range on another protocol does not overlap; an undeclared endpoint is refused by name.
        Ok(Call(next, "open-port", "8000-8100/udp"));
        Assert.StartsWith("ERROR endpoint \"nope\" is not one of req's endpoints (", Call(next, "open-port", "80", "--endpoints", "nope").StandardError, StringComparison.Ordinal);
        Assert.Equal("8080/tcp\n8000-8100/udp\n", Ok(Call(next, "opened-ports")).StandardOutput);
    }

    [Fact]
    public void ClosingWhenNothingIsOpenIsANoOpAndClosingAPendingOpenCancelsIt()
    {
        using var h = new ToolHarness();
        var unit = h.ContextFor("req/1");
        Ok(Call(unit, "close-port", "22"));
        Ok(Call(unit, "open-port", "443"));
        Ok(Call(unit, "close-port", "443"));
        Assert.Equal("", Ok(Call(unit, "opened-ports")).StandardOutput);
        Assert.Equal("[]\n", Ok(Call(unit, "opened-ports", "--format=json")).StandardOutput);
        unit.Commit();
        Assert.Empty(h.Simulation.Model.GetUnit("req/1").OpenedPorts);
    }

    [Fact]
    public void GoalStateListsTheApplicationsUnitsAndEachRelationsRemoteApplicationAndUnitsWithSince()
    {
        // goal-state.go: {"units": {...}, "relations": {<local endpoint>: {...}}}, each entry {"status", "since"}, since in
        // UTC as "2006-01-02 15:04:05Z" (cmd/juju/common FormatTime with ISO); the uniter facade lists the remote
        // application with the relation's status (joined once a unit entered scope) and its units with theirs, skipping
        // peer relations.
        using var h = new ToolHarness();
        var printed = Ok(Call(h.ContextFor("req/0"), "goal-state", "--format=json"));
        using var json = JsonDocument.Parse(printed.StandardOutput);
        var units = json.RootElement.GetProperty("units");
        Assert.Equal(["req/0", "req/1"], units.EnumerateObject().Select(p => p.Name));
        var model = h.Simulation.Model;
        foreach (var unit in units.EnumerateObject())
        {
            var simulated = model.GetUnit(unit.Name);
            Assert.Equal(simulated.Status.Name, unit.Value.GetProperty("status").GetString());
            Assert.Equal(simulated.StatusSince.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), unit.Value.GetProperty("since").GetString());
        }

        var endpoint = h.Relation.EndpointOf("req");
        var related = Assert.Single(json.RootElement.GetProperty("relations").EnumerateObject());
        Assert.Equal(endpoint, related.Name);
        Assert.Equal(["prov", "prov/0"], related.Value.EnumerateObject().Select(p => p.Name));
        Assert.Equal("joined", related.Value.GetProperty("prov").GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", related.Value.GetProperty("prov").GetProperty("since").GetString());

        // YAML is the default and says the same (parsed, not compared as text); --format=smart is not one goal-state has.
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Ok(Call(h.ContextFor("req/0"), "goal-state")).StandardOutput));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var yamlUnits = (YamlMappingNode)root.Children[new YamlScalarNode("units")];
        Assert.Equal(units.GetProperty("req/1").GetProperty("since").GetString(), ((YamlScalarNode)((YamlMappingNode)yamlUnits.Children[new YamlScalarNode("req/1")]).Children[new YamlScalarNode("since")]).Value);
        Assert.Equal(2, Call(h.ContextFor("req/0"), "goal-state", "--format=smart").ExitCode);
    }

    [Fact]
    public void GoalStateShowsADyingUnitAsDying()
    {
        // The uniter facade's goalStateUnits: a dying unit's status is "dying", the others their own.
        using var h = new ToolHarness();
        h.Simulation.RemoveUnit("req/1");
        var printed = Ok(Call(h.ContextFor("req/0"), "goal-state", "--format=json"));
        using var json = JsonDocument.Parse(printed.StandardOutput);
        Assert.Equal("dying", json.RootElement.GetProperty("units").GetProperty("req/1").GetProperty("status").GetString());
        Assert.Equal(h.Simulation.Model.GetUnit("req/0").Status.Name, json.RootElement.GetProperty("units").GetProperty("req/0").GetProperty("status").GetString());
    }
}
