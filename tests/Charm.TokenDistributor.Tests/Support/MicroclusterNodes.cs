using System.Globalization;
using System.Text;
using System.Text.Json;
using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;
using Charm.Testing;

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>
/// The simulator's <see cref="FakeMicrocluster"/> (the project's one fake cluster), as each node's process runner
/// (<see cref="Node"/>), with test set-up that goes through the same CLI words a charm runs: <see cref="With"/> forms
/// the cluster by <c>bootstrap</c>, <c>add</c> and <see cref="Issue"/>, faults are the daemon's injected results. Only
/// the calls the charm under test makes are in <see cref="Calls"/>.
/// </summary>
internal sealed class MicroclusterNodes
{
    /// <summary>Where the daemon's clock starts; it moves only when a test moves it (tokens live 3 hours on it).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly List<(string Node, IReadOnlyList<string> Arguments)> _calls = [];

    public MicroclusterNodes(params string[] prefix)
        : this(new FakeMicroclusterOptions().TokenLifetime, prefix)
    {
    }

    /// <summary>A cluster whose tokens live <paramref name="tokenLifetime"/> (microcluster's <c>--expire-after</c>).</summary>
    public MicroclusterNodes(TimeSpan tokenLifetime, params string[] prefix)
    {
        Prefix = prefix.Length == 0 ? ["microctl"] : prefix;
        Clock = new ManualClock(Start);
        Daemon = new FakeMicrocluster(Clock, new FakeMicroclusterOptions { CommandName = string.Join(' ', Prefix), AutomaticHeartbeats = false, TokenLifetime = tokenLifetime });
    }

    /// <summary>The daemons' clock as a <see cref="TimeProvider"/>, for a consumer that must see the same time.</summary>
    public TimeProvider Time => new SimulationTimeProvider(Clock);

    /// <summary>The fake daemons of every host.</summary>
    public FakeMicrocluster Daemon { get; }

    /// <summary>The daemons' clock.</summary>
    public ManualClock Clock { get; }

    /// <summary>The command words, e.g. <c>microctl</c> or <c>microovn cluster</c>.</summary>
    public IReadOnlyList<string> Prefix { get; }

    /// <summary>
    /// Whether a heartbeat runs before each CLI call of a node (the default): a member that joined has its role by the
    /// next call, as when a heartbeat (every 10 s in microcluster) went by between two hooks. When off, a new member stays
    /// <c>PENDING</c> until <see cref="Settle"/>.
    /// </summary>
    public bool Heartbeats { get; set; } = true;

    /// <summary>Every command the nodes ran through <see cref="Node"/>, with the node's host name, arguments after the prefix.</summary>
    public IReadOnlyList<(string Node, IReadOnlyList<string> Arguments)> Calls => _calls;

    /// <summary>The members of the cluster (by name), as the daemon knows them.</summary>
    public IReadOnlyList<ClusterMemberSnapshot> Members => Daemon.ListClusters() is [var cluster, ..] ? cluster.Members : [];

    /// <summary>The process runner of node <paramref name="hostName"/> (the unit whose <c>uname -n</c> it is).</summary>
    public RecordingProcessRunner Node(string hostName) => new(spec => Run(hostName, spec));

    /// <summary>Counts the calls of <paramref name="subcommand"/> the nodes made.</summary>
    public int Count(string subcommand) => _calls.Count(c => c.Arguments.Count > 0 && c.Arguments[0] == subcommand);

    /// <summary>
    /// Makes <paramref name="hosts"/> members, in order (a member already is left as it is): the first bootstraps when there
    /// is no cluster yet, each other joins with a token a member issued; then a heartbeat gives everyone a role (the three
    /// oldest are voters).
    /// </summary>
    public MicroclusterNodes With(params string[] hosts)
    {
        WithPending(hosts);
        Settle();
        return this;
    }

    /// <summary>As <see cref="With"/>, without the heartbeat: the new members are <c>PENDING</c> (see <see cref="Heartbeats"/>).</summary>
    public MicroclusterNodes WithPending(params string[] hosts)
    {
        foreach (var host in hosts.Where(h => !Members.Any(m => m.Name == h)))
        {
            Expect(Members.Count == 0 ? Daemon.Execute(host, ["bootstrap"]) : Daemon.Execute(host, ["join", Issue(host)]), host);
        }

        return this;
    }

    /// <summary>A join token for <paramref name="name"/>, issued by the first member (a set-up <c>add</c>, not in <see cref="Calls"/>).</summary>
    public string Issue(string name) => Expect(Daemon.Execute(Members[0].Name, ["add", name]), name).StandardOutput.Trim();

    /// <summary>
    /// A token this cluster never issued, shaped as its tokens are (its fingerprint and member addresses), so a join with it
    /// reaches the cluster and is refused as unknown: what a stale or foreign value in the mirror looks like.
    /// </summary>
    public string ForgedToken(int serial)
    {
        var real = Issue("forged-" + serial.ToString(CultureInfo.InvariantCulture));
        using var document = JsonDocument.Parse(Convert.FromBase64String(real));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "secret")
                {
                    writer.WriteString("secret", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(serial))));
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Every PENDING member gets a role (a heartbeat went by).</summary>
    public void Settle() => Daemon.Heartbeat();

    /// <summary>Every token issued so far expires: a join with one is refused as expired.</summary>
    public void ExpireTokens() => Daemon.ExpireAllTokens();

    /// <summary>Makes <paramref name="subcommand"/> answer <paramref name="result"/> on every node from now on.</summary>
    public MicroclusterNodes Answer(string subcommand, ProcessResult result)
    {
        Daemon.InjectResult(FakeMicrocluster.Any, subcommand, new CliResult(result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut), FaultLifetime.UntilCleared);
        return this;
    }

    /// <summary>Makes <paramref name="subcommand"/> fail with exit code 1 and <paramref name="standardError"/>.</summary>
    public MicroclusterNodes Fail(string subcommand, string standardError, string standardOutput = "")
        => Answer(subcommand, new ProcessResult(1, standardOutput, standardError));

    /// <summary>Makes <paramref name="subcommand"/> never return: the call is reported killed at its timeout.</summary>
    public MicroclusterNodes Hang(string subcommand)
    {
        Daemon.InjectHang(FakeMicrocluster.Any, subcommand, FaultLifetime.UntilCleared);
        return this;
    }

    /// <summary>Makes <c>list -f json</c> print exactly <paramref name="output"/> (exit 0).</summary>
    public MicroclusterNodes Prints(string output) => Answer("list", new ProcessResult(0, output, ""));

    /// <summary>
    /// Makes <c>list -f json</c> show these members with these roles and statuses (as microcluster's JSON), e.g. a role
    /// or status the daemon's heartbeats would not give.
    /// </summary>
    public MicroclusterNodes ListShows(params (string Name, string Role, string Status)[] members) => Prints(MembersJson(members) + "\n");

    /// <summary>Clears every injected failure, hang and output.</summary>
    public void Heal() => Daemon.ClearFaults();

    private static string MembersJson((string Name, string Role, string Status)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < members.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", members[i].Name);
                writer.WriteString("address", "10.0.0." + (i + 1).ToString(CultureInfo.InvariantCulture) + ":7443");
                writer.WriteString("certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
                writer.WriteString("role", members[i].Role);
                writer.WriteNumber("schema_internal_version", 7);
                writer.WriteNumber("schema_external_version", 1);
                writer.WriteString("last_heartbeat", "2026-11-25T10:00:00Z");
                writer.WriteString("status", members[i].Status);
                writer.WriteStartArray("extensions");
                writer.WriteStringValue("internal:runtime_extension_v1");
                writer.WriteEndArray();
                writer.WriteString("secret", "");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static CliResult Expect(CliResult result, string what)
        => result.Succeeded ? result : throw new InvalidOperationException($"Test set-up for '{what}' failed: exit {result.ExitCode}, {result.StandardError.Trim()}");

    private ProcessResult Run(string node, ProcessSpec spec)
    {
        if (spec.FileName != Prefix[0])
        {
            return new ProcessResult(127, "", $"{spec.FileName}: command not found\n");
        }

        var args = spec.Arguments;
        for (var i = 1; i < Prefix.Count; i++)
        {
            if (args.Count < i || args[i - 1] != Prefix[i])
            {
                return new ProcessResult(1, "", $"Error: unknown command \"{string.Join(' ', args)}\" for \"{Prefix[0]}\"\n");
            }
        }

        var rest = args.Skip(Prefix.Count - 1).ToArray();
        _calls.Add((node, rest));
        if (Heartbeats)
        {
            Settle();
        }

        var result = Daemon.Execute(node, rest);
        return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut);
    }
}
