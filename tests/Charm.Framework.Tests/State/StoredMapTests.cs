using System.Collections.Immutable;
using System.Text.Json;
using Charm.Framework.Hosting;
using Charm.Framework.State;

namespace Charm.Framework.Tests.State;

/// <summary>The map kind of a stored value: what it holds, how the state file writes it, and how a bad one reads.</summary>
public sealed class StoredMapTests
{
    private static StateSnapshot With(StoredValue value) => StateSnapshot.Empty with
    {
        Stored = StateSnapshot.Empty.Stored.Add("ns", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, StoredValue>("k", value)])),
    };

    private static string File(string value) => "{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":" + value + "}},\"deferred\":[]}";

    [Fact]
    public void A_map_keeps_its_entries_in_ordinal_key_order_and_compares_by_content()
    {
        var map = StoredValue.FromStringMap([new("b", "2"), new("B", "1"), new("a", "")]);

        Assert.Equal(StoredValueKind.StringMap, map.Kind);
        Assert.Equal(["B", "a", "b"], map.AsStringMap().Keys);
        Assert.Equal("", map.AsStringMap()["a"]);
        Assert.Equal(map, StoredValue.FromStringMap([new("a", ""), new("b", "2"), new("B", "1")]));
        Assert.NotEqual(map, StoredValue.FromStringMap([new("a", ""), new("b", "2")]));
        Assert.NotEqual(StoredValue.FromStringMap([]), StoredValue.FromStringList([]));
        Assert.Equal(map.GetHashCode(), StoredValue.FromStringMap([new("a", ""), new("b", "2"), new("B", "1")]).GetHashCode());
        Assert.Throws<InvalidCastException>(() => map.AsStringList());
        Assert.Throws<InvalidCastException>(() => StoredValue.FromString("x").AsStringMap());
    }

    [Fact]
    public void A_map_refuses_a_repeated_or_null_key_and_a_null_value()
    {
        Assert.Throws<ArgumentException>(() => StoredValue.FromStringMap([new("a", "1"), new("a", "2")]));
        Assert.Throws<ArgumentException>(() => StoredValue.FromStringMap([new(null!, "1")]));
        Assert.Throws<ArgumentException>(() => StoredValue.FromStringMap([new("a", null!)]));
        Assert.Throws<ArgumentNullException>(() => StoredValue.FromStringMap(null!));
    }

    [Fact]
    public void The_state_file_writes_a_map_as_a_tagged_json_object_and_reads_it_back()
    {
        var value = StoredValue.FromStringMap([new("node-b", "1700000000"), new("node-a", "x\"y")]);

        var bytes = StateCodec.Serialize(With(value));

        // What the file holds, read with a JSON parser: {"map":{...}} with the entries as strings, keys in ordinal order.
        using var document = JsonDocument.Parse(bytes);
        var stored = document.RootElement.GetProperty("stored").GetProperty("ns").GetProperty("k");
        Assert.Equal(JsonValueKind.Object, stored.ValueKind);
        var map = Assert.Single(stored.EnumerateObject());
        Assert.Equal("map", map.Name);
        Assert.Equal([("node-a", "x\"y"), ("node-b", "1700000000")], map.Value.EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
        Assert.Equal(value, StateCodec.Deserialize(bytes).Stored["ns"]["k"]);
    }

    [Fact]
    public void An_empty_map_round_trips()
        => Assert.Equal(StoredValue.FromStringMap([]), StateCodec.Deserialize(StateCodec.Serialize(With(StoredValue.FromStringMap([])))).Stored["ns"]["k"]);

    [Theory]
    [InlineData("{\"map\":{\"a\":1}}", "stored.ns.k.map.a: maps hold strings only, found a Number")]
    [InlineData("{\"map\":{\"a\":null}}", "stored.ns.k.map.a: maps hold strings only, found a Null")]
    [InlineData("{\"map\":{\"a\":[\"x\"]}}", "stored.ns.k.map.a: maps hold strings only, found a Array")]
    [InlineData("{\"map\":{\"a\":\"1\",\"a\":\"2\"}}", "stored.ns.k.map: the key 'a' occurs twice")]
    [InlineData("{\"map\":[\"a\"]}", "stored.ns.k: a Object is not a stored value")]
    [InlineData("{\"map\":\"a=1\"}", "stored.ns.k: a Object is not a stored value")]
    public void A_malformed_map_is_a_format_exception_that_says_where(string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => StateCodec.Deserialize(File(value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_value_escaping_a_lone_surrogate_is_a_format_exception()
        => Assert.Throws<FormatException>(() => StateCodec.Deserialize(File("{\"map\":{\"a\":\"\\ud800\"}}")));
}
