using System.Globalization;
using Charm.Framework.State;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// What a consumer unit keeps in its stored state (namespace <c>token-consumer/&lt;endpoint&gt;</c>), typed. Token times
/// are maps (host or fingerprint → Unix seconds). State written by earlier releases reads the same: their
/// <c>rejected-tokens</c> list is the renounced list, and their <c>"key=seconds"</c> lists are the maps; both are
/// rewritten in the current form when the consumer is constructed (and saved if the hook succeeds).
/// </summary>
internal sealed class ConsumerState
{
    private const string InClusterKey = "in-cluster";
    private const string RenouncedKey = "renounced-tokens";
    private const string IssuedKey = "issued-tokens";
    private const string AdoptedKey = "adopted-tokens";
    private const string FirstSeenKey = "token-first-seen";
    private const string RetryQueuedKey = "mirror-retry-queued";
    private const string ReportedOutageKey = "reported-membership-outage";
    private const string RefusedNamesKey = "refused-names";
    private const string ClusterFingerprintKey = "cluster-fingerprint";
    private const string BootstrappedBoundKey = "bootstrapped-under-binding";

    /// <summary>How many names the daemon refused are remembered (the oldest go first).</summary>
    private const int RefusedNamesKept = 64;

    private const string SeenMembersKey = "seen-members";

    /// <summary>How many host names of members seen are kept (the oldest go first).</summary>
    private const int SeenMembersKept = 256;

    /// <summary>The stored key of the renounced list before it was named as on the wire.</summary>
    private const string LegacyRenouncedKey = "rejected-tokens";

    /// <summary>How many renounced fingerprints are kept (the oldest go first).</summary>
    private const int RenouncedKept = 16;

    private readonly StoredState _stored;

    public ConsumerState(StoredState stored)
    {
        _stored = stored;
        Migrate();
    }

    /// <summary>Whether this unit is a cluster member.</summary>
    public bool InCluster
    {
        get => _stored.GetBoolean(InClusterKey);
        set => _stored.Set(InClusterKey, value);
    }

    /// <summary>
    /// The fingerprint of the certificate of the cluster this unit is a member of, as the tokens it minted or joined with
    /// carry it; <see langword="null"/> when not known (a member from before the cluster-binding extension, or no member).
    /// </summary>
    public string? ClusterFingerprint
    {
        get => _stored.GetString(ClusterFingerprintKey);
        set
        {
            if (value is null)
            {
                _stored.Remove(ClusterFingerprintKey);
            }
            else
            {
                _stored.Set(ClusterFingerprintKey, value);
            }
        }
    }

    /// <summary>
    /// Whether this unit bootstrapped its cluster under the cluster binding: it learns the fingerprint with the first token
    /// it mints, so until then it reports nothing rather than <see cref="Protocol.WireKeys.UnknownFingerprint"/>.
    /// </summary>
    public bool BootstrappedUnderBinding
    {
        get => _stored.GetBoolean(BootstrappedBoundKey);
        set => _stored.Set(BootstrappedBoundKey, value);
    }

    /// <summary>The fingerprints of the tokens this unit will never use, oldest first.</summary>
    public IReadOnlyList<string> Renounced => _stored.GetStringList(RenouncedKey);

    /// <summary>Whether the unit's status this consumer contributed last says the cluster membership could not be read.</summary>
    public bool ReportedOutage
    {
        get => _stored.GetBoolean(ReportedOutageKey);
        set
        {
            if (value)
            {
                _stored.Set(ReportedOutageKey, true);
            }
            else
            {
                _stored.Remove(ReportedOutageKey);
            }
        }
    }

    /// <summary>Whether a deferred mirror step is queued already (at most one is).</summary>
    public bool RetryQueued
    {
        get => _stored.GetBoolean(RetryQueuedKey);
        set
        {
            if (value)
            {
                _stored.Set(RetryQueuedKey, true);
            }
            else
            {
                _stored.Remove(RetryQueuedKey);
            }
        }
    }

    /// <summary>The host names the daemon refused to issue a token for (not a valid name), oldest first; never tried again.</summary>
    public IReadOnlyList<string> RefusedNames => _stored.GetStringList(RefusedNamesKey);

    /// <summary>Remembers that the daemon refused <paramref name="name"/>.</summary>
    public void RefuseName(string name)
        => _stored.Set(RefusedNamesKey, RefusedNames.Where(n => n != name).Append(name).TakeLast(RefusedNamesKept).ToArray());

    /// <summary>The hosts this unit has seen in <c>list</c> as members, oldest first (the last 256).</summary>
    public IReadOnlyList<string> SeenMembers => _stored.GetStringList(SeenMembersKey);

    /// <summary>Adds <paramref name="members"/> to <see cref="SeenMembers"/> (written only when something is new).</summary>
    public void NoteMembers(IEnumerable<string> members)
    {
        var seen = SeenMembers;
        var added = members.Where(m => !seen.Contains(m)).ToArray();
        if (added.Length > 0)
        {
            _stored.Set(SeenMembersKey, seen.Concat(added).TakeLast(SeenMembersKept).ToArray());
        }
    }

    /// <summary>Never uses the token with <paramref name="fingerprint"/> again (it moves to the end of the list).</summary>
    public void Renounce(string fingerprint)
        => _stored.Set(RenouncedKey, Renounced.Where(f => f != fingerprint).Append(fingerprint).TakeLast(RenouncedKept).ToArray());

    /// <summary>This unit is a member now: what it renounced or was waiting on no longer matters.</summary>
    public void RecordMembership()
    {
        InCluster = true;
        _stored.Remove(RenouncedKey);
        ForgetFirstSeen();
    }

    /// <summary>When the communicator issued each token it looks after, by host.</summary>
    public Dictionary<string, DateTimeOffset> IssuedTokens => ReadTimes(IssuedKey);

    /// <summary>Replaces <see cref="IssuedTokens"/>.</summary>
    public void SetIssuedTokens(Dictionary<string, DateTimeOffset> issued) => WriteTimes(IssuedKey, issued);

    /// <summary>When the communicator first saw each token another unit issued and nobody looks after, by host.</summary>
    public Dictionary<string, DateTimeOffset> AdoptedTokens => ReadTimes(AdoptedKey);

    /// <summary>Replaces <see cref="AdoptedTokens"/>.</summary>
    public void SetAdoptedTokens(Dictionary<string, DateTimeOffset> adopted) => WriteTimes(AdoptedKey, adopted);

    /// <summary>When this unit first saw the join token with <paramref name="fingerprint"/>, if it is the one it waits on.</summary>
    public DateTimeOffset? FirstSeen(string fingerprint) => ReadTimes(FirstSeenKey).TryGetValue(fingerprint, out var when) ? when : null;

    /// <summary>The token with <paramref name="fingerprint"/> is the one this unit waits on, first seen at <paramref name="when"/>.</summary>
    public void SetFirstSeen(string fingerprint, DateTimeOffset when)
        => WriteTimes(FirstSeenKey, new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [fingerprint] = when });

    /// <summary>This unit waits on no token.</summary>
    public void ForgetFirstSeen() => _stored.Remove(FirstSeenKey);

    private Dictionary<string, DateTimeOffset> ReadTimes(string key)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (_stored.Get(key) is not { } value)
        {
            return result;
        }

        foreach (var (name, seconds) in value.AsStringMap())
        {
            if (long.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && UnixTime(parsed) is { } when)
            {
                result[name] = when;
            }
        }

        return result;
    }

    private void WriteTimes(string key, Dictionary<string, DateTimeOffset> times)
    {
        if (times.Count == 0)
        {
            _stored.Remove(key);
            return;
        }

        _stored.Set(key, StoredValue.FromStringMap(times.Select(p => new KeyValuePair<string, string>(
            p.Key, p.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)))));
    }

    /// <summary>Rewrites what an earlier release stored in the current form; the meaning stays.</summary>
    private void Migrate()
    {
        if (_stored.Get(LegacyRenouncedKey) is { } legacy)
        {
            if (!_stored.Contains(RenouncedKey))
            {
                _stored.Set(RenouncedKey, legacy);
            }

            _stored.Remove(LegacyRenouncedKey);
        }

        foreach (var key in new[] { IssuedKey, AdoptedKey, FirstSeenKey })
        {
            if (_stored.Get(key) is { Kind: StoredValueKind.StringList } list)
            {
                _stored.Set(key, StoredValue.FromStringMap(ReadLegacyTimes(list.AsStringList())));
            }
        }
    }

    /// <summary>
    /// An earlier release's <c>"key=seconds"</c> entries (split at the last <c>=</c>); entries it could not read, it
    /// ignored, and so are they here. A key repeated keeps its last entry, as its reader did.
    /// </summary>
    private static Dictionary<string, string> ReadLegacyTimes(IReadOnlyList<string> entries)
    {
        var times = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var eq = entry.LastIndexOf('=');
            if (eq > 0 && long.TryParse(entry.AsSpan(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && UnixTime(seconds) is not null)
            {
                times[entry[..eq]] = seconds.ToString(CultureInfo.InvariantCulture);
            }
        }

        return times;
    }

    private static DateTimeOffset? UnixTime(long seconds)
        => seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
