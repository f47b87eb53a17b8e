using System.Globalization;
using System.Text;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;
using State = Charm.Testing.State;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// A unit's state file as the release before the stored map kind wrote it (the renounced list under
/// <c>rejected-tokens</c>, token times as <c>"key=unix-seconds"</c> lists) loads and means the same; the consumer
/// rewrites it in the current form (<c>renounced-tokens</c>, maps), which is what a hook that succeeds saves.
/// </summary>
public sealed class ConsumerStateMigrationTests
{
    private static readonly DateTimeOffset T0 = MicroclusterNodes.Start;

    private static string Seconds(DateTimeOffset when) => when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The state file's bytes, exactly as the earlier release's StateCodec wrote them, read back as the harness's state.</summary>
    private static State FromFile(State state, string consumerNamespaceJson)
    {
        var file = "{\n  \"format\": \"charm-state\",\n  \"version\": 1,\n  \"stored\": {\n    \"token-consumer/cluster\": " + consumerNamespaceJson
            + "\n  },\n  \"deferred\": []\n}";
        return state with { Stored = StateCodec.Deserialize(Encoding.UTF8.GetBytes(file)) };
    }

    [Fact]
    public void A_token_the_earlier_release_rejected_is_still_never_used_and_is_published_as_renounced()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var dead = h.Cluster.Issue("node-b");
        var fingerprint = JoinTokens.Fingerprint(dead);
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", dead)));
        var input = FromFile(h.State().WithRelation(relation), "{\n      \"rejected-tokens\": [\n        \"" + fingerprint + "\"\n      ]\n    }");

        var result = h.Run(Hook.RelationChanged(relation, 0), input).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), result.Output.UnitStatus);
        Assert.Equal(fingerprint, result.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
        Assert.Equal(StoredValue.FromStringList([fingerprint]), result.Output.GetStored(ConsumerStore, "renounced-tokens"));
        Assert.Null(result.Output.GetStored(ConsumerStore, "rejected-tokens"));
    }

    [Fact]
    public void Token_times_the_earlier_release_stored_as_lists_keep_their_meaning_and_are_saved_as_maps()
    {
        var lifetime = TimeSpan.FromMinutes(30);
        var h = ConsumerHarness.Communicator(lifetime);
        var mine = h.Cluster.Issue("node-b");
        var other = h.Cluster.Issue("node-c");
        h.Cluster.Clock.Advance(lifetime);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", mine), ("node-c", other), ("node-d", other)))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", mine)));
        // node-b's token was issued at T0 by this unit; node-c's token another unit issued was adopted at T0; node-d's
        // adoption is recent. An entry the earlier release could not read ("junk") it ignored, and so does this one.
        var input = FromFile(h.State().WithRelation(relation), "{\n      \"adopted-tokens\": [\n        \"node-c=" + Seconds(T0) + "\",\n        \"node-d=" + Seconds(T0 + lifetime)
            + "\",\n        \"junk\"\n      ],\n      \"in-cluster\": true,\n      \"issued-tokens\": [\n        \"node-b=" + Seconds(T0) + "\"\n      ]\n    }");

        var result = h.Run(Hook.UpdateStatus, input).EnsureSuccess();

        // Both times were read: the two tokens a lifetime old are issued again, the recent adoption is kept.
        Assert.Equal(["list", "add", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(["node-b", "node-c"], result.ProcessCalls.Skip(1).Select(c => c.Arguments[1]).Order(StringComparer.Ordinal));
        var now = Seconds(T0 + lifetime);
        Assert.Equal(StoredValue.FromStringMap([new("node-b", now), new("node-c", now)]), result.Output.GetStored(ConsumerStore, "issued-tokens"));
        // An adoption stays recorded, with its first sighting, in the hook that issues the host's new token.
        Assert.Equal(StoredValue.FromStringMap([new("node-c", Seconds(T0)), new("node-d", now)]), result.Output.GetStored(ConsumerStore, "adopted-tokens"));

        // The saved file holds maps: what the next hook reads is the current form.
        var saved = StateCodec.Serialize(result.Output.Stored);
        using var document = System.Text.Json.JsonDocument.Parse(saved);
        var issued = document.RootElement.GetProperty("stored").GetProperty(ConsumerStore).GetProperty("issued-tokens").GetProperty("map");
        Assert.Equal([("node-b", now), ("node-c", now)], issued.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
    }

    [Fact]
    public void The_first_seen_time_of_a_token_from_the_earlier_release_still_expires_it()
    {
        var lifetime = TimeSpan.FromMinutes(30);
        var clock = new FakeTimeProvider(T0 + lifetime);
        var h = new ConsumerHarness(hostName: "node-b", options: new TokenConsumerOptions { TokenLifetime = lifetime, TimeProvider = clock });
        h.Cluster.With("node-a");
        var stale = Tokens.Shaped("node-b", 99);
        var fingerprint = JoinTokens.Fingerprint(stale);
        h.Cluster.Fail("join", "Error: 1 join attempts were unsuccessful. Last error: Failed to connect to cluster member at \"10.0.0.1:7443\"\n");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", stale)));
        var input = FromFile(h.State().WithRelation(relation), "{\n      \"token-first-seen\": [\n        \"" + fingerprint + "=" + Seconds(T0) + "\"\n      ]\n    }");

        var result = h.Run(Hook.RelationChanged(relation, 0), input).EnsureSuccess();

        // Seen a lifetime ago, join failed, list says "not initialised": renounced, as the earlier release would have.
        Assert.Equal(Status.Waiting("Join token expired; waiting for a new one"), result.Output.UnitStatus);
        Assert.Equal(fingerprint, result.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
        Assert.Null(result.Output.GetStored(ConsumerStore, "token-first-seen"));
    }
}
