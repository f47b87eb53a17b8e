using System.Text.Json;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Tests.Protocol;

/// <summary>
/// The distributor's JSON records in its application databag (cluster-host-units: host → unit; cluster-token-fingerprints:
/// host → fingerprints): written with keys in ordinal order, deleted when empty, and anything else read as unreadable.
/// </summary>
public sealed class RecordCodecTests
{
    [Fact]
    public void A_host_record_is_a_json_object_of_strings_in_ordinal_key_order()
    {
        var text = RecordCodec.WriteHostUnits(new Dictionary<string, string> { ["node-b"] = "", ["node-a"] = "workload/0", ["Node-z"] = "workload/7" });

        using var document = JsonDocument.Parse(text!);
        Assert.Equal([("Node-z", "workload/7"), ("node-a", "workload/0"), ("node-b", "")], document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
        Assert.True(RecordCodec.TryReadHostUnits(text, out var read));
        Assert.Equal(3, read.Count);
        Assert.Equal("workload/7", read["Node-z"]);
    }

    [Fact]
    public void A_fingerprint_record_is_a_json_object_of_string_arrays_oldest_first()
    {
        var text = RecordCodec.WriteFingerprints(new Dictionary<string, string[]> { ["node-b"] = ["3f0c", "aa01"] });

        using var document = JsonDocument.Parse(text!);
        var member = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("node-b", member.Name);
        Assert.Equal(["3f0c", "aa01"], member.Value.EnumerateArray().Select(v => v.GetString()!));
        Assert.True(RecordCodec.TryReadFingerprints(text, out var read));
        Assert.Equal(["3f0c", "aa01"], read["node-b"]);
    }

    [Fact]
    public void An_empty_record_deletes_the_key_and_a_missing_key_reads_as_an_empty_record()
    {
        Assert.Null(RecordCodec.WriteHostUnits([]));
        Assert.Null(RecordCodec.WriteFingerprints([]));
        Assert.True(RecordCodec.TryReadHostUnits(null, out var hosts));
        Assert.Empty(hosts);
        Assert.True(RecordCodec.TryReadFingerprints(null, out var fingerprints));
        Assert.Empty(fingerprints);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"node-a\"")]
    [InlineData("{\"node-a\":1}")]
    [InlineData("{\"node-a\":null}")]
    [InlineData("{\"node-a\":[\"x\"]}")]
    [InlineData("{\"node-a\":\"\\ud800\"}")]
    [InlineData("{\"node-a\":\"workload/0\"")]
    public void A_host_record_of_another_shape_is_unreadable(string text)
        => Assert.False(RecordCodec.TryReadHostUnits(text, out _));

    [Theory]
    [InlineData("{\"node-a\":\"3f0c\"}")]
    [InlineData("{\"node-a\":[1]}")]
    [InlineData("{\"node-a\":[\"3f0c\",null]}")]
    [InlineData("{\"node-a\":[\"\\udc00\"]}")]
    [InlineData("[[\"3f0c\"]]")]
    public void A_fingerprint_record_of_another_shape_is_unreadable(string text)
        => Assert.False(RecordCodec.TryReadFingerprints(text, out _));

    [Fact]
    public void A_key_with_a_lone_surrogate_cannot_be_written()
    {
        Assert.True(RecordCodec.CanWrite("node-ü"));
        Assert.False(RecordCodec.CanWrite("node-\ud800"));
    }
}
