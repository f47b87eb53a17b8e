namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>
/// A model of v0.8 (LIBPATCH 8 of <c>charms.microcluster_token_distributor.v0.token_distributor</c>, canonical's
/// microcluster-token-distributor-operator) where it differs from the seed (<see cref="SeedLibrary"/>), written from the
/// facts in docs/protocol.md ("In v0.8"), so interop tests can put a v0.8 peer on the other side. Databags are plain
/// dictionaries.
/// </summary>
internal static class V08Library
{
    public const string BootstrapAppKey = "bootstrap-app";

    /// <summary>One relation of the distributor's endpoint, as its leader sees it: its own databag and the remote units' (relation-list order).</summary>
    public sealed record ProviderRelation(Dictionary<string, string> Own, IReadOnlyList<IReadOnlyDictionary<string, string>> Units, Dictionary<string, string> AppData, string RemoteApp);

    /// <summary>
    /// The v0.8 merge over every relation, in relation order: the distributor's own <c>mirror-*</c> keys, then each
    /// <c>mirror=up</c> unit's keys starting with <c>mirror-</c>, then that unit's <c>hostname</c> as a placeholder. The
    /// first value recorded wins; the only later change is <c>empty</c> → a real value.
    /// </summary>
    public static Dictionary<string, string> Merge(IEnumerable<ProviderRelation> relations)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        void Record(string key, string value)
        {
            if (!key.StartsWith(SeedLibrary.MirrorPrefix, StringComparison.Ordinal))
            {
                return;
            }

            if (!merged.TryGetValue(key, out var existing) || (existing == SeedLibrary.EmptyString && value != SeedLibrary.EmptyString))
            {
                merged[key] = value;
            }
        }

        foreach (var relation in relations)
        {
            foreach (var (k, v) in relation.Own)
            {
                Record(k, v);
            }

            foreach (var unit in relation.Units)
            {
                if (unit.TryGetValue("mirror", out var mirror) && mirror == "up")
                {
                    foreach (var (k, v) in unit)
                    {
                        Record(k, v);
                    }
                }

                if (unit.TryGetValue("hostname", out var hostname) && hostname.Length > 0)
                {
                    merged.TryAdd(SeedLibrary.MirrorPrefix + hostname, SeedLibrary.EmptyString);
                }
            }
        }

        return merged;
    }

    /// <summary>The v0.8 leader's step on <c>relation-changed</c> and <c>leader-elected</c>: bootstrap-app, then the mirror on every relation.</summary>
    public static void ProviderStep(IReadOnlyList<ProviderRelation> relations)
    {
        BootstrappableApp(relations);
        foreach (var relation in relations)
        {
            relation.Own["mirror"] = "up";
            foreach (var (key, value) in Merge(relations))
            {
                relation.Own.TryGetValue(key, out var current);
                if (current == value || (current is not null && current != SeedLibrary.EmptyString && value == SeedLibrary.EmptyString))
                {
                    continue;
                }

                relation.Own[key] = value;
            }
        }
    }

    /// <summary>
    /// <c>bootstrap-app</c>: the first relation whose application databag holds it, else the remote application of the
    /// first relation; written on every relation, also when that application is no longer related.
    /// </summary>
    public static void BootstrappableApp(IReadOnlyList<ProviderRelation> relations)
    {
        if (relations.Count == 0)
        {
            return;
        }

        var app = relations.Select(r => r.AppData.GetValueOrDefault(BootstrapAppKey)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? relations[0].RemoteApp;
        foreach (var relation in relations)
        {
            relation.AppData[BootstrapAppKey] = app;
        }
    }

    /// <summary>A non-leader's <c>leader-elected</c>: <c>mirror=down</c> where the key is set.</summary>
    public static void ProviderNotLeader(Dictionary<string, string> own)
    {
        if (own.TryGetValue("mirror", out var mirror) && mirror.Length > 0)
        {
            own["mirror"] = "down";
        }
    }

    /// <summary>
    /// v0.8's safe mirror-down of a consumer unit that is not the communicator but has a <c>mirror</c> key: <c>down</c>,
    /// then <c>up</c> again if the mirrors hold as <c>empty</c> a key whose own value is real. Its own key is looked up by
    /// indexing: a key it lacks raises, as v0.8's <c>KeyError</c> fails the hook.
    /// </summary>
    public static void SafelyDownMirror(Dictionary<string, string> own, IEnumerable<IReadOnlyDictionary<string, string>> remoteUnits)
    {
        own["mirror"] = "down";
        foreach (var (key, value) in SeedLibrary.RelevantMirrorData(remoteUnits))
        {
            if (value == SeedLibrary.EmptyString && own[SeedLibrary.MirrorPrefix + key] != SeedLibrary.EmptyString)
            {
                own["mirror"] = "up";
                break;
            }
        }
    }

    /// <summary>
    /// Whether a v0.8 consumer leader may bootstrap in <c>relation-joined</c>: not a member, leader, no data in the mirror,
    /// and the distributor's <c>bootstrap-app</c> names its application (an empty application databag never lets it).
    /// </summary>
    public static bool MayBootstrap(bool inCluster, bool leader, IEnumerable<IReadOnlyDictionary<string, string>> remoteUnits, IReadOnlyDictionary<string, string> remoteApp, string ownApp)
        => !inCluster && leader && !SeedLibrary.AnyDataExists(remoteUnits) && remoteApp.GetValueOrDefault(BootstrapAppKey) == ownApp;
}
