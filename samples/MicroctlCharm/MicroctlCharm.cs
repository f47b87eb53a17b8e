using System.Globalization;
using System.Text.Json;
using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.TokenDistributor;
using Charm.TokenDistributor.Events;

namespace MicroctlCharm;

/// <summary>
/// A workload whose units form one microcluster through the token distributor: the leader bootstraps, the others
/// join with the tokens the distributor mirrors. The generated half wires the hooks and provides <c>Main</c>; this
/// half adds the bind address (network-get) to bootstrap and join when <c>cluster-port</c> is set, reports a workload
/// version, and answers the <c>list-members</c> action with the workload's member table.
/// </summary>
[TokenDistributorConsumer("cluster", "microctl")]
public sealed partial class MicroctlCharm : CharmBase
{
    /// <summary>The workload version this sample reports (<c>juju status</c> shows it).</summary>
    public const string WorkloadVersion = "0.1.0";

    /// <summary>The config option that, when positive, makes bootstrap and join pass <c>--address=&lt;bind address&gt;:&lt;port&gt;</c>.</summary>
    public const string ClusterPortOption = "cluster-port";

    /// <summary>The action that lists the cluster's members.</summary>
    public const string ListMembersAction = "list-members";

    partial void OnClusterPreBootstrap(ClusterPreBootstrapEvent e) => Unit.Status = Status.Maintenance("Bootstrapping the cluster");

    partial void OnClusterPreJoin(ClusterPreJoinEvent e) => Unit.Status = Status.Maintenance("Joining the cluster");

    partial void OnClusterJoined(ClusterJoinedEvent e)
        => Unit.Status = Status.Active(e.Bootstrapper ? "Bootstrapped the cluster" : "Joined the cluster");

    partial void OnClusterTokenGenerated(TokenGeneratedEvent e) => Log.Info($"issued a join token for {e.HostName}");

    partial void OnClusterBootstrapArguments(List<string> args) => AddAddress(args);

    partial void OnClusterJoinArguments(List<string> args) => AddAddress(args);

    [On(JujuEventKind.Install)]
    private void OnInstall(InstallEvent e) => Unit.SetWorkloadVersion(WorkloadVersion);

    [On(JujuEventKind.UpgradeCharm)]
    private void OnUpgradeCharm(UpgradeCharmEvent e) => Unit.SetWorkloadVersion(WorkloadVersion);

    [On(JujuEventKind.UpdateStatus)]
    private void OnUpdateStatus(UpdateStatusEvent e)
    {
        if (Cluster.InCluster && Unit.Status.Kind != StatusKind.Active)
        {
            Unit.Status = Status.Active("In the cluster");
        }
    }

    /// <summary>The address the workload listens on and advertises: the cluster binding's bind address, with the configured port.</summary>
    private void AddAddress(List<string> args)
    {
        // The typed class the generator makes from charmcraft.yaml's config.options: an int with default 0.
        var port = Config.ClusterPort;
        if (port <= 0)
        {
            return;
        }

        var address = Model.GetBinding("cluster").Network.BindAddress
            ?? throw new ModelException("The cluster binding has no address (network-get cluster printed none); bind the endpoint to a space with an address, or set cluster-port to 0.");
        args.Add(string.Create(CultureInfo.InvariantCulture, $"--address={(address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address)}:{port}"));
    }

    /// <summary>Runs <c>microctl list -f json</c> and returns its members as results <c>members.&lt;n&gt;.name</c>, <c>.address</c>, <c>.role</c>, <c>.status</c>.</summary>
    [On(JujuEventKind.Action, ListMembersAction)]
    private void OnListMembers(ActionEvent e)
    {
        var result = Context.ProcessRunner.Run(new ProcessSpec("microctl", ["list", "-f", "json"], TimeSpan.FromSeconds(60)));
        if (!result.Succeeded)
        {
            e.Fail($"microctl list failed ({result.ExitCode}): {result.StandardError.Trim()}");
            return;
        }

        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput.Length == 0 ? "[]" : result.StandardOutput);
            var n = 0;
            foreach (var member in document.RootElement.EnumerateArray())
            {
                string Field(string name) => member.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
                members[n.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["name"] = Field("name"),
                    ["address"] = Field("address"),
                    ["role"] = Field("role"),
                    ["status"] = Field("status"),
                };
                n++;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            e.Fail("microctl list printed a member list that is not a JSON array of members: " + ex.Message);
            return;
        }

        e.Log($"{members.Count} members");
        e.SetResults(new Dictionary<string, object?>(StringComparer.Ordinal) { ["count"] = members.Count, ["members"] = members });
    }
}
