using System.Text.Json;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.HookToolServer;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Backends;

/// <summary>
/// A charm run in-process reaches network-get, the action tools, the secret tools, the port tools and application-version-set through the
/// simulator's backend, which calls the same hook-context operations as the hook-tool server: what the charm does shows
/// in the simulation's model and action results, and the backend's answers and refusals are the tool server's.
/// </summary>
public sealed class InProcessHookToolTests
{
    [Fact]
    public void AnInProcessCharmUsesNetworkGetAnActionASecretAndAWorkloadVersion()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", CharmSource.InProcess(context => new DescribingCharm(context), TestCharms.Requirer));
        sim.RunUntilQuiescent();
        var unit = sim.Model.GetUnit("app/0");

        var result = sim.RunAction("app/0", "describe");

        Assert.Equal("3.1.4", unit.WorkloadVersion);
        var secret = Assert.Single(sim.Model.Secrets);
        Assert.Equal(("app/0", "creds", "s3cret"), (secret.OwnerUnit, secret.Label, secret.Content["token"]));
        Assert.True(result.Status == ActionStatus.Completed, result.Entry.ErrorOutput);
        Assert.Equal(unit.Address, result.Results["address"]);
        Assert.Equal(unit.Address, result.Results["ingress"]);
        Assert.Equal(unit.Address + "/32", result.Results["egress"]);
        Assert.Equal("s3cret", result.Results["token"]);
        Assert.Equal("BindingNotFoundException", result.Results["missing"]);

        // The port the action opened is listed in the same hook and is the unit's in the model once the action succeeded.
        Assert.Equal("7443/tcp", result.Results["open-port"]);
        Assert.Equal([new UnitPortRange(null, OpenedPort.Tcp(7443))], unit.OpenedPorts);
        Assert.Equal(["described"], result.Log);
    }

    [Fact]
    public void NetworkGetAnswersInProcessWhatTheToolServerPrints()
    {
        using var h = new ToolHarness();
        var printed = ToolHarness.CallIn(h.Context, "network-get", null, "--format=json", "-r", h.Hook.Relation!.Value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "db");
        var network = new SimulatorBackend(h.Context).NetworkGet("db", h.Hook.Relation);

        Assert.True(printed.ExitCode == 0, printed.StandardError);
        using var json = JsonDocument.Parse(printed.StandardOutput);
        var bind = Assert.Single(json.RootElement.GetProperty("bind-addresses").EnumerateArray());
        var address = Assert.Single(bind.GetProperty("addresses").EnumerateArray());
        var nic = Assert.Single(network.Interfaces);
        var only = Assert.Single(nic.Addresses);
        Assert.Equal((bind.GetProperty("interface-name").GetString(), bind.GetProperty("mac-address").GetString()), (nic.Name, nic.MacAddress));
        Assert.Equal((address.GetProperty("value").GetString(), address.GetProperty("cidr").GetString()), (only.Value, only.Cidr));
        Assert.Equal(json.RootElement.GetProperty("ingress-addresses").EnumerateArray().Select(a => a.GetString()), network.IngressAddresses);
        Assert.Equal(json.RootElement.GetProperty("egress-subnets").EnumerateArray().Select(a => a.GetString()), network.EgressSubnets);

        // Juju's refusal of an undeclared binding ("no network config found for binding") reaches both the same way.
        var refused = ToolHarness.CallIn(h.Context, "network-get", null, "--format=json", "nope");
        var thrown = Assert.Throws<BindingNotFoundException>(() => new SimulatorBackend(h.Context).NetworkGet("nope", null));
        Assert.Equal((refused.ExitCode, refused.StandardError), (thrown.ExitCode, thrown.StandardError));
    }

    [Fact]
    public void SecretsAddedInProcessGetTheToolServersIdsAnswersAndRefusals()
    {
        using var tools = new ToolHarness();
        using var backends = new ToolHarness();
        var (toolLeader, backendLeader) = (tools.ContextFor("req/0"), backends.ContextFor("req/0"));
        var backend = new SimulatorBackend(backendLeader);

        var added = ToolHarness.CallIn(toolLeader, "secret-add", null, "--label", "creds", "--owner", "application", "token=s3cret");
        var id = backend.SecretAdd(new Dictionary<string, string> { ["token"] = "s3cret" }, SecretOwner.Application, new SecretOptions { Label = "creds" });

        Assert.Equal((0, id + "\n"), (added.ExitCode, added.StandardOutput));
        var printed = JsonSerializer.Deserialize<Dictionary<string, string>>(ToolHarness.CallIn(toolLeader, "secret-get", null, "--format=json", "--label", "creds").StandardOutput);
        Assert.Equal(printed, backend.SecretGet(null, "creds", refresh: false, peek: false));
        Assert.Equal([id], backend.SecretIds());

        // Refusals: a key Juju does not allow (usage, exit 2), --refresh with --peek, and a follower adding an application secret.
        AssertSameRefusal(ToolHarness.CallIn(toolLeader, "secret-add", null, "Bad=x"), () => backend.SecretAdd(new Dictionary<string, string> { ["Bad"] = "x" }, SecretOwner.Application, new SecretOptions()));
        AssertSameRefusal(ToolHarness.CallIn(toolLeader, "secret-get", null, id, "--refresh", "--peek"), () => backend.SecretGet(id, null, refresh: true, peek: true));
        var follower = new SimulatorBackend(backends.ContextFor("req/1"));
        AssertSameRefusal(ToolHarness.CallIn(tools.ContextFor("req/1"), "secret-add", null, "token=x"), () => follower.SecretAdd(new Dictionary<string, string> { ["token"] = "x" }, SecretOwner.Application, new SecretOptions()));

        // As through the tool server, nothing reaches the model until the hook commits.
        Assert.Empty(backends.Simulation.Model.Secrets);
        backendLeader.Commit();
        Assert.Equal(id, Assert.Single(backends.Simulation.Model.Secrets).Id);
        Assert.Contains(backendLeader.Calls, c => c.Tool == "secret-add" && c.ExitCode == 0 && !c.Arguments.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void ActionToolsInProcessFillTheSameResultsAndRefuseOutsideAnAction()
    {
        using var h = new ToolHarness();
        var (viaTools, viaBackend) = (new ActionState("greet", "1", new Dictionary<string, object?> { ["who"] = "world" }), new ActionState("greet", "1", new Dictionary<string, object?> { ["who"] = "world" }));
        var toolContext = h.ContextFor("req/0", viaTools);
        var backend = new SimulatorBackend(h.ContextFor("req/0", viaBackend));

        Assert.Equal("{\"who\":\"world\"}\n", ToolHarness.CallIn(toolContext, "action-get", null, "--format=json").StandardOutput);
        Assert.Equal("world", backend.ActionGet().GetProperty("who").GetString());
        Assert.Equal(0, ToolHarness.CallIn(toolContext, "action-set", null, "a.b=1", "c=2").ExitCode);
        backend.ActionSet(new Dictionary<string, string> { ["a.b"] = "1", ["c"] = "2" });
        Assert.Equal(0, ToolHarness.CallIn(toolContext, "action-fail", null).ExitCode);
        backend.ActionFail(null);
        Assert.Equal(JsonSerializer.Serialize(viaTools.Results), JsonSerializer.Serialize(viaBackend.Results));
        Assert.Equal((true, HookToolCommands.DefaultActionFailure), (viaBackend.Failed, viaBackend.Message));
        Assert.Equal((viaTools.Failed, viaTools.Message), (viaBackend.Failed, viaBackend.Message));

        AssertSameRefusal(ToolHarness.CallIn(toolContext, "action-set", null, "stdout=x"), () => backend.ActionSet(new Dictionary<string, string> { ["stdout"] = "x" }));
        AssertSameRefusal(h.Call("action-log", "hello"), () => new SimulatorBackend(h.Context).ActionLog("hello"));
    }

    /// <summary>Sets a workload version and adds a unit secret at install; its <c>describe</c> action reports its network and secret.</summary>
    private sealed class DescribingCharm : CharmBase
    {
        public DescribingCharm(CharmContext context)
            : base(context)
        {
            Framework.Observe<InstallEvent>(EventKey.Install, "describing.install", installed =>
            {
                Unit.SetWorkloadVersion("3.1.4");
                _ = Unit.AddSecret(new Dictionary<string, string> { ["token"] = "s3cret" }, new SecretOptions { Label = "creds" });
            });
            Framework.Observe<ActionEvent>(EventKey.Action("describe"), "describing.describe", OnDescribe);
        }

        private void OnDescribe(ActionEvent e)
        {
            var network = Model.GetBinding("db").Network;
            var secret = Model.GetSecret(label: "creds");
            var results = new Dictionary<string, object?>
            {
                ["address"] = network.BindAddress,
                ["ingress"] = network.IngressAddress,
                ["egress"] = network.EgressSubnets[0],
                ["token"] = secret.GetContent()["token"],
            };
            try
            {
                _ = Model.GetBinding("nope").Network;
            }
            catch (HookToolException missing)
            {
                results["missing"] = missing.GetType().Name;
            }

            Unit.OpenPort(OpenedPort.Tcp(7443));
            results["open-port"] = string.Join(",", Unit.OpenedPorts());

            e.SetResults(results);
            e.Log("described");
        }
    }

    private static void AssertSameRefusal(ToolResponse printed, Action call)
    {
        Assert.NotEqual(0, printed.ExitCode);
        var thrown = Assert.ThrowsAny<HookToolException>(call);
        Assert.Equal((printed.ExitCode, printed.StandardError), (thrown.ExitCode, thrown.StandardError));
    }
}
