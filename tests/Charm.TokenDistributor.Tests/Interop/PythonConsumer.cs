using System.Text.Json;
using Charm.TokenDistributor.Tests.Support;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>Which Python consumer library a <see cref="PythonConsumer"/> models.</summary>
internal enum PythonVersion
{
    /// <summary>The seed (LIBPATCH 2): bootstraps in <c>relation-created</c>, takes the mirror down unconditionally.</summary>
    Seed,

    /// <summary>v0.8 (LIBPATCH 8): bootstraps in <c>relation-joined</c> under <c>bootstrap-app</c>, safe mirror-down.</summary>
    V08,
}

/// <summary>
/// One consumer unit of a Python charm (seed or v0.8), from the facts in docs/protocol.md ("Consumer behaviour"), on the
/// shared fake cluster: its unit databag, its stored <c>in_cluster</c>, and its hooks. The PENDING wait (a sleeping
/// loop in Python) is modelled as the heartbeat it waits for.
/// </summary>
internal sealed class PythonConsumer(PythonVersion version, string host, MicroclusterNodes cluster)
{
    public PythonVersion Version { get; } = version;

    public string Host { get; } = host;

    public Dictionary<string, string> Bag { get; } = new(StringComparer.Ordinal);

    public bool InCluster { get; private set; }

    /// <summary>Every CLI call this unit made, arguments after the prefix.</summary>
    public List<IReadOnlyList<string>> Calls { get; } = [];

    public string? Status { get; private set; }

    /// <summary><c>relation-created</c> (the seed bootstraps here; v0.8 does not observe it).</summary>
    public void Created(IReadOnlyList<IReadOnlyDictionary<string, string>> remote, bool leader)
    {
        if (Version != PythonVersion.Seed)
        {
            return;
        }

        Bag["hostname"] = Host;
        if (!InCluster && leader && !SeedLibrary.AnyDataExists(remote))
        {
            Bootstrap();
        }
    }

    /// <summary><c>relation-joined</c> (v0.8 publishes its host and bootstraps here; the seed does not observe it).</summary>
    public void Joined(IReadOnlyList<IReadOnlyDictionary<string, string>> remote, IReadOnlyDictionary<string, string> remoteApp, bool leader, string app)
    {
        if (Version != PythonVersion.V08)
        {
            return;
        }

        Bag["hostname"] = Host;
        if (V08Library.MayBootstrap(InCluster, leader, remote, remoteApp, app) && Bootstrap())
        {
            MirrorStep(remote);
        }
    }

    /// <summary><c>relation-changed</c>: join with the mirrored token if not a member; the mirror step if a member.</summary>
    public void Changed(IReadOnlyList<IReadOnlyDictionary<string, string>> remote)
    {
        if (!InCluster)
        {
            if (SeedLibrary.FindValue(remote, Host, keepEmpty: false) is { } token)
            {
                if (Run("join", token).ExitCode != 0)
                {
                    Status = "blocked: Joining cluster failed";
                    return;
                }

                InCluster = true;
                Status = "active: Joined cluster";
            }
            else
            {
                Status = "maintenance: Token not in mirror";
            }
        }

        if (InCluster)
        {
            MirrorStep(remote);
        }
    }

    /// <summary><c>remove</c>: a member leaves.</summary>
    public void Remove()
    {
        if (InCluster)
        {
            Run("remove", Host);
        }
    }

    private bool Bootstrap()
    {
        if (Run("bootstrap").ExitCode != 0)
        {
            Status = "blocked: Unable to bootstrap cluster";
            return false;
        }

        InCluster = true;
        Status = "active: Cluster bootstrapped";
        return true;
    }

    private void MirrorStep(IReadOnlyList<IReadOnlyDictionary<string, string>> remote)
    {
        if (IsCommunicator())
        {
            Bag["mirror"] = "up";
        }
        else if (Bag.TryGetValue("mirror", out var mirror) && mirror.Length > 0)
        {
            if (Version == PythonVersion.V08)
            {
                V08Library.SafelyDownMirror(Bag, remote);
            }
            else
            {
                Bag["mirror"] = "down";
            }
        }

        if (!IsCommunicator())
        {
            return;
        }

        foreach (var key in SeedLibrary.KeysNeedingTokens(remote, Bag))
        {
            var result = Run("add", key);
            if (result.ExitCode == 0)
            {
                Bag[SeedLibrary.MirrorPrefix + key] = result.StandardOutput.Trim();
            }
        }
    }

    /// <summary>A member, the smallest name among members whose role passes Python's <c>role in "voter"</c> and that are ONLINE.</summary>
    private bool IsCommunicator()
    {
        if (!InCluster)
        {
            return false;
        }

        // The PENDING loop sleeps until a heartbeat gives every member its role.
        cluster.Settle();
        var list = Run("list", "-f", "json");
        if (list.ExitCode != 0)
        {
            return false;
        }

        using var members = JsonDocument.Parse(list.StandardOutput);
        var voters = members.RootElement.EnumerateArray()
            .Where(m => "voter".Contains(m.GetProperty("role").GetString()!, StringComparison.Ordinal) && m.GetProperty("status").GetString() == "ONLINE")
            .Select(m => m.GetProperty("name").GetString()!)
            .ToList();
        return voters.Count > 0 && voters.Min(StringComparer.Ordinal) == Host;
    }

    private Charm.Simulator.Microcluster.CliResult Run(params string[] args)
    {
        Calls.Add(args);
        return cluster.Daemon.Execute(Host, args);
    }
}
