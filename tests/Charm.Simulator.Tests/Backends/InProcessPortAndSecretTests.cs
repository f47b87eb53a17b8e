using System.Text.Json;
using Charm.Framework;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Model;
using Charm.Simulator.Tests.HookToolServer;

namespace Charm.Simulator.Tests.Backends;

/// <summary>
/// The simulator's in-process backend answers the port tools, <c>goal-state</c>, <c>secret-set</c> and
/// <c>secret-info-get</c> through the same hook-context operations as the hook-tool server: the same answers (as the
/// framework reads the tool's output), the same refusals (exit code and standard error), the same model afterwards.
/// </summary>
public sealed class InProcessPortAndSecretTests
{
    private static ToolResponse Call(HookContext context, string tool, params string[] arguments) => ToolHarness.CallIn(context, tool, null, arguments);

    private static void AssertSameRefusal(ToolResponse printed, Action call)
    {
        Assert.NotEqual(0, printed.ExitCode);
        var thrown = Assert.ThrowsAny<HookToolException>(call);
        Assert.Equal((printed.ExitCode, printed.StandardError), (thrown.ExitCode, thrown.StandardError));
    }

    [Fact]
    public void TheInProcessBackendImplementsEveryToolTheFrameworkCalls()
    {
        // No IJujuBackend member falls back to its default body (which fails, naming the tool and the backend).
        var map = typeof(SimulatorBackend).GetInterfaceMap(typeof(IJujuBackend));
        var defaulted = map.TargetMethods.Where(m => m.DeclaringType != typeof(SimulatorBackend)).Select(m => m.Name).ToArray();
        Assert.Empty(defaulted);
        Assert.Contains(map.InterfaceMethods, m => m.Name == nameof(IJujuBackend.StorageGet));
    }

    [Fact]
    public void PortsOpenedInProcessAreListedAndCommittedAsThroughTheToolServer()
    {
        using var tools = new ToolHarness();
        using var backends = new ToolHarness();
        var (viaTools, viaBackend) = (tools.ContextFor("req/0"), backends.ContextFor("req/0"));
        var backend = new SimulatorBackend(viaBackend);

        foreach (var port in new[] { "8443/tcp", "1000-2000/udp", "icmp", "9000/tcp" })
        {
            Assert.Equal(0, Call(viaTools, "open-port", port).ExitCode);
            backend.OpenPort(OpenedPort.Parse(port));
        }

        Assert.Equal(0, Call(viaTools, "close-port", "9000/tcp").ExitCode);
        backend.ClosePort(OpenedPort.Tcp(9000));

        var listed = JsonSerializer.Deserialize<string[]>(Call(viaTools, "opened-ports", "--format=json").StandardOutput)!;
        Assert.Equal(listed, backend.OpenedPorts().Select(p => p.ToString()));
        Assert.Equal(["icmp", "8443/tcp", "1000-2000/udp"], listed);

        // Juju's overlap refusal reaches the in-process charm as the same failure.
        AssertSameRefusal(Call(viaTools, "open-port", "8000-8500/tcp"), () => backend.OpenPort(new OpenedPort("tcp", 8000, 8500)));

        viaTools.Commit();
        viaBackend.Commit();
        Assert.Equal(tools.Simulation.Model.GetUnit("req/0").OpenedPorts, backends.Simulation.Model.GetUnit("req/0").OpenedPorts);
        Assert.Contains(new UnitPortRange(null, OpenedPort.Icmp), backends.Simulation.Model.GetUnit("req/0").OpenedPorts);
        Assert.Contains(viaBackend.Calls, c => c.Tool == "open-port" && c.Arguments == "8443/tcp" && c.ExitCode == 0);
    }

    [Fact]
    public void GoalStateInProcessIsWhatTheFrameworkReadsFromTheToolsJson()
    {
        using var h = new ToolHarness();
        using var json = JsonDocument.Parse(Call(h.ContextFor("req/1"), "goal-state", "--format=json").StandardOutput);
        var goal = new SimulatorBackend(h.ContextFor("req/1")).GoalState();

        Assert.Equal(
            json.RootElement.GetProperty("units").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("status").GetString()!),
            goal.Units);
        var relations = json.RootElement.GetProperty("relations").EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetProperty("status").GetString()!));
        Assert.Equal(relations.Keys, goal.Relations.Keys);
        foreach (var (endpoint, entries) in relations)
        {
            Assert.Equal(entries, goal.Relations[endpoint]);
        }

        Assert.Equal(2, goal.PlannedUnits);
    }

    [Fact]
    public void SecretSetAndInfoGetInProcessMatchTheToolServer()
    {
        using var tools = new ToolHarness();
        using var backends = new ToolHarness();
        var viaTools = tools.ContextFor("req/0");
        var viaBackend = backends.ContextFor("req/0");
        var backend = new SimulatorBackend(viaBackend);
        var toolId = ToolHarness.CallIn(viaTools, "secret-add", null, "--label", "creds", "token=one").StandardOutput.TrimEnd('\n');
        var backendId = backend.SecretAdd(new Dictionary<string, string> { ["token"] = "one" }, SecretOwner.Application, new SecretOptions { Label = "creds" });
        Assert.Equal(toolId, backendId);

        var expire = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(0, Call(viaTools, "secret-set", "--label", "renamed", "--expire", "2030-01-02T03:04:05Z", "--rotate", "weekly", toolId, "token=two").ExitCode);
        backend.SecretSet(backendId, new Dictionary<string, string> { ["token"] = "two" }, new SecretOptions { Label = "renamed", Expire = expire, Rotate = SecretRotation.Weekly });

        using var printed = JsonDocument.Parse(Call(viaTools, "secret-info-get", "--format=json", toolId).StandardOutput);
        var entry = printed.RootElement.GetProperty(HookContext.BareSecretId(toolId));
        var info = backend.SecretInfoGet(backendId, "renamed");
        Assert.Equal(
            (entry.GetProperty("revision").GetInt32(), entry.GetProperty("label").GetString(), entry.GetProperty("owner").GetString(), entry.GetProperty("rotation").GetString(), entry.GetProperty("expiry").GetString()),
            (info.Revision, info.Label, info.Owner, info.Rotation, info.Expires));
        Assert.Equal((toolId, 2, "2030-01-02T03:04:05Z"), (info.Id, info.Revision, info.Expires));

        // Only the leader sets an application secret; a unit that owns nothing gets "not found" from secret-info-get.
        var follower = new SimulatorBackend(backends.ContextFor("req/1"));
        AssertSameRefusal(Call(tools.ContextFor("req/1"), "secret-set", toolId, "token=x"), () => follower.SecretSet(backendId, new Dictionary<string, string> { ["token"] = "x" }, null));
        AssertSameRefusal(Call(tools.ContextFor("prov/0"), "secret-info-get", toolId), () => new SimulatorBackend(backends.ContextFor("prov/0")).SecretInfoGet(backendId, null));

        viaTools.Commit();
        viaBackend.Commit();
        var (a, b) = (Assert.Single(tools.Simulation.Model.Secrets), Assert.Single(backends.Simulation.Model.Secrets));
        Assert.Equal((a.Revision, a.Label, a.Rotation, a.Expiry, a.Content["token"]), (b.Revision, b.Label, b.Rotation, b.Expiry, b.Content["token"]));
    }
}
