using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Tests.Protocol;

public sealed class CorroborationTests
{
    public static TheoryData<string[], string, string> Cases => new()
    {
        // Empty → the default.
        { [], "", "" },
        { [], "empty", "empty" },
        // One value → that value, even when it is the default.
        { ["tok"], "empty", "tok" },
        { ["empty"], "empty", "empty" },
        { [""], "", "" },
        // The most common non-default value.
        { ["empty", "empty", "tok"], "empty", "tok" },
        { ["tok", "empty", "empty"], "empty", "tok" },
        { ["a", "b", "b"], "empty", "b" },
        { ["a", "a", "b", "b", "b"], "empty", "b" },
        { ["x", "empty", "empty", "empty", "y", "y"], "empty", "y" },
        // Ties: the first seen wins (Counter.most_common keeps insertion order).
        { ["a", "b"], "empty", "a" },
        { ["b", "a"], "empty", "b" },
        { ["a", "b", "a", "b"], "empty", "a" },
        { ["b", "a", "a", "b"], "empty", "b" },
        { ["empty", "c", "b", "b", "c"], "empty", "c" },
        // Only defaults → the default.
        { ["empty", "empty"], "empty", "empty" },
        { ["", "", ""], "", "" },
        // The default is whatever is passed: "empty" is an ordinary value when the default is "".
        { ["empty", "tok", "empty"], "", "empty" },
        { ["", "tok", ""], "", "tok" },
        // Ordinal, case-sensitive comparison.
        { ["A", "a", "a"], "empty", "a" },
        { ["Empty", "EMPTY", "empty"], "empty", "Empty" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corroborate_matches_the_seed(string[] values, string defaultValue, string expected) =>
        Assert.Equal(expected, Corroboration.Corroborate(values, defaultValue));

    [Fact]
    public void Default_parameter_is_the_empty_string()
    {
        Assert.Equal("", Corroboration.Corroborate([]));
        Assert.Equal("a", Corroboration.Corroborate(["", "", "a"]));
        Assert.Equal("", Corroboration.Corroborate(["", ""]));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Corroboration.Corroborate(null!, "empty"));
        Assert.Throws<ArgumentNullException>(() => Corroboration.Corroborate(["a"], null!));
        Assert.Throws<ArgumentException>(() => Corroboration.Corroborate(["a", null!], "empty"));
    }
}
