using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Charm.Framework.Processes;
using Charm.Testing;

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>
/// A tiny in-test model of one microcluster, answering the cluster CLI (<c>&lt;prefix&gt; bootstrap|add|join|list -f json|remove</c>)
/// the way docs/microcluster-cli.md describes it, per node: <see cref="Node"/> gives the process runner of the node with
/// a given host name. Switches make a subcommand fail, hang (a <see cref="ProcessResult"/> with <c>TimedOut</c>), or
/// print garbage.
/// </summary>
internal sealed class FakeCluster
{
    private readonly List<Member> _members = [];
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal); // token -> name it was issued for
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessResult> _overrides = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hangs = new(StringComparer.Ordinal);
    private readonly List<(string Node, IReadOnlyList<string> Arguments)> _calls = [];
    private int _issued;

    public FakeCluster(params string[] prefix)
    {
        Prefix = prefix.Length == 0 ? ["microctl"] : prefix;
    }

    /// <summary>A member as <c>list -f json</c> reports it.</summary>
    public sealed record Member(string Name, string Role = "voter", string Status = "ONLINE");

    /// <summary>The command words, e.g. <c>microctl</c> or <c>microovn cluster</c>.</summary>
    public IReadOnlyList<string> Prefix { get; }

    /// <summary>The role a node gets when it bootstraps or joins; microcluster gives <c>PENDING</c> until the next heartbeat.</summary>
    public string NewMemberRole { get; set; } = "voter";

    /// <summary>When set, <c>list -f json</c> prints exactly this (exit 0) instead of the members.</summary>
    public string? ListOutput { get; set; }

    /// <summary>The members, in the order <c>list</c> prints them.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Every command any node ran, with the node's host name, arguments after the prefix.</summary>
    public IReadOnlyList<(string Node, IReadOnlyList<string> Arguments)> Calls => _calls;

    /// <summary>Tokens issued and not used yet.</summary>
    public IReadOnlyDictionary<string, string> OutstandingTokens => _tokens;

    /// <summary>The process runner of node <paramref name="hostName"/> (the unit whose <c>uname -n</c> it is).</summary>
    public RecordingProcessRunner Node(string hostName) => new(spec => Handle(hostName, spec));

    /// <summary>Adds a member directly (test setup; not a CLI call).</summary>
    public FakeCluster With(string name, string role = "voter", string status = "ONLINE")
    {
        _members.RemoveAll(m => m.Name == name);
        _members.Add(new Member(name, role, status));
        return this;
    }

    /// <summary>Issues a token for <paramref name="name"/> directly (test setup; not a CLI call).</summary>
    public string Issue(string name)
    {
        var token = MakeToken(name, ++_issued);
        _tokens[token] = name;
        return token;
    }

    /// <summary>Makes <paramref name="token"/> expired: <c>join</c> refuses it.</summary>
    public void Expire(string token) => _expired.Add(token);

    /// <summary>Every PENDING member becomes a voter (a heartbeat went by).</summary>
    public void Settle()
    {
        for (var i = 0; i < _members.Count; i++)
        {
            if (_members[i].Role == "PENDING")
            {
                _members[i] = _members[i] with { Role = "voter" };
            }
        }
    }

    /// <summary>Makes <paramref name="subcommand"/> answer <paramref name="result"/> from now on.</summary>
    public FakeCluster Answer(string subcommand, ProcessResult result)
    {
        _overrides[subcommand] = result;
        return this;
    }

    /// <summary>Makes <paramref name="subcommand"/> fail with exit code 1 and <paramref name="standardError"/>.</summary>
    public FakeCluster Fail(string subcommand, string standardError, string standardOutput = "")
        => Answer(subcommand, new ProcessResult(1, standardOutput, standardError));

    /// <summary>Makes <paramref name="subcommand"/> never return: the runner reports it killed at its timeout.</summary>
    public FakeCluster Hang(string subcommand)
    {
        _hangs.Add(subcommand);
        return this;
    }

    /// <summary>Clears every failure, hang and garbage switch.</summary>
    public void Heal()
    {
        _overrides.Clear();
        _hangs.Clear();
        ListOutput = null;
    }

    /// <summary>Counts the calls of <paramref name="subcommand"/>.</summary>
    public int Count(string subcommand) => _calls.Count(c => c.Arguments.Count > 0 && c.Arguments[0] == subcommand);

    /// <summary>A token shaped like microcluster's: base64 of a JSON object with the secret, fingerprint and join addresses.</summary>
    public static string MakeToken(string name, int serial)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            "{\"secret\":\"" + SecretOf(name, serial) + "\",\"fingerprint\":\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\",\"join_addresses\":[\"10.0.0.1:7443\"]}"));

    /// <summary>The secret inside <see cref="MakeToken"/>'s token.</summary>
    public static string SecretOf(string name, int serial)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + "#" + serial.ToString(CultureInfo.InvariantCulture))));

    public string MembersJson()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append("{\"name\":\"").Append(m.Name)
                .Append("\",\"address\":\"10.0.0.").Append((i + 1).ToString(CultureInfo.InvariantCulture))
                .Append(":6443\",\"certificate\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\",\"role\":\"").Append(m.Role)
                .Append("\",\"schema_internal_version\":7,\"schema_external_version\":1,\"last_heartbeat\":\"2026-11-25T10:00:00Z\",\"status\":\"")
                .Append(m.Status).Append("\",\"extensions\":[\"internal:runtime_extension_v1\"],\"secret\":\"\"}");
        }

        return builder.Append(']').ToString();
    }

    private bool IsMember(string name) => _members.Exists(m => m.Name == name);

    private ProcessResult Handle(string node, ProcessSpec spec)
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
                return Error($"unknown command \"{string.Join(' ', args)}\" for \"{Prefix[0]}\"");
            }
        }

        var rest = args.Skip(Prefix.Count - 1).ToArray();
        _calls.Add((node, rest));
        if (rest.Length == 0)
        {
            return Error("missing subcommand");
        }

        var sub = rest[0];
        if (_hangs.Contains(sub))
        {
            return new ProcessResult(-1, "", "", TimedOut: true);
        }

        if (_overrides.TryGetValue(sub, out var answer))
        {
            return answer;
        }

        switch (sub)
        {
            case "bootstrap":
                if (IsMember(node))
                {
                    return Error("Unable to initialize cluster: Database is online");
                }

                _members.Add(new Member(node, NewMemberRole));
                return Ok();
            case "add" when rest.Length == 2:
                if (!IsMember(node))
                {
                    return Error("Daemon not yet initialized");
                }

                if (IsMember(rest[1]))
                {
                    return Error($"Failed to create \"internal_token_records\" entry: Cluster member name \"{rest[1]}\" is taken");
                }

                return Ok(Issue(rest[1]) + "\n");
            case "join" when rest.Length >= 2:
                var token = rest[1];
                if (IsMember(node))
                {
                    return Error("Unable to initialize cluster: Database is online");
                }

                if (_expired.Contains(token))
                {
                    return Error($"Failed to join cluster with the given join token: Token {token} is expired");
                }

                if (!_tokens.TryGetValue(token, out var name))
                {
                    return Error($"Invalid join token \"{token}\": InternalTokenRecord not found");
                }

                if (name != node)
                {
                    return Error($"Joining server name \"{node}\" does not match the token name \"{name}\"");
                }

                _tokens.Remove(token);
                _members.Add(new Member(node, NewMemberRole));
                return Ok();
            case "list" when rest is [_, "-f", "json"]:
                if (!IsMember(node))
                {
                    return Error("Daemon not yet initialized");
                }

                return Ok(ListOutput ?? MembersJson() + "\n");
            case "remove" when rest.Length == 2:
                if (!IsMember(node))
                {
                    return Error("Daemon not yet initialized");
                }

                if (_members.Count < 2)
                {
                    return Error($"Cannot leave a cluster with {_members.Count.ToString(CultureInfo.InvariantCulture)} members");
                }

                if (!IsMember(rest[1]))
                {
                    return Error($"No remote exists with the given name \"{rest[1]}\"");
                }

                _members.RemoveAll(m => m.Name == rest[1]);
                return Ok();
            default:
                return Error($"unknown command \"{string.Join(' ', rest)}\"");
        }
    }

    private static ProcessResult Ok(string output = "") => new(0, output, "");

    private static ProcessResult Error(string message) => new(1, "", "Error: " + message + "\n");
}
