using Charm.Charmcraft.Yaml;

namespace Charm.Packaging.Tests.Charmcraft;

/// <summary>
/// The reader types plain scalars as YAML 1.1 does, the schema of both readers of a charm's files: charmcraft's PyYAML
/// (charmcraft.yaml) and Juju's go-yaml v2 (the archive's files).
/// </summary>
public sealed class YamlReaderTests
{
    private static YamlScalar Scalar(string text) => Assert.IsType<YamlScalar>(Assert.IsType<YamlMap>(YamlReader.Read("v: " + text))["v"]);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("off", false)]
    [InlineData("FALSE", false)]
    public void YesNoOnOffAreBooleans(string text, bool expected)
    {
        // PyYAML's bool resolver (YAML 1.1): `default: yes` in a string option is a boolean, and Juju refuses it.
        var scalar = Scalar(text);
        Assert.Equal(YamlScalarKind.Bool, scalar.Kind);
        Assert.Equal(expected, scalar.Value);
    }

    [Theory]
    [InlineData("0755", 493L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("1:30", 90L)]
    [InlineData("-42", -42L)]
    public void IntegersFollowYaml11(string text, long expected)
    {
        // YAML 1.1 integers: a leading 0 is octal, 0x hex, 0b binary, underscores ignored, sexagesimal with ':'.
        var scalar = Scalar(text);
        Assert.Equal(YamlScalarKind.Int, scalar.Kind);
        Assert.Equal(expected, scalar.Value);
    }

    [Theory]
    [InlineData("24.04", 24.04)]
    [InlineData("1.0e+3", 1000.0)]
    [InlineData(".5", 0.5)]
    public void NumbersWithADotAreFloats(string text, double expected)
    {
        // An unquoted `channel: 24.04` is a float: Juju's manifest reader wants a string there.
        var scalar = Scalar(text);
        Assert.Equal(YamlScalarKind.Float, scalar.Kind);
        Assert.Equal(expected, scalar.Value);
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("2024-01-01")]
    [InlineData("y")]
    [InlineData("\"yes\"")]
    [InlineData("'8080'")]
    public void OtherTextIsAString(string text)
    {
        // PyYAML's float needs a dot (1e3 is a string); a date stays a string, as go-yaml v2 gives an untyped value;
        // y is a string for PyYAML; anything quoted is a string.
        Assert.Equal(YamlScalarKind.String, Scalar(text).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("null")]
    public void EmptyTildeAndNullAreNull(string text) => Assert.Equal(YamlScalarKind.Null, Scalar(text).Kind);

    [Theory]
    [InlineData("a: 1\na: 2\n", "appears twice", 2)]
    [InlineData("a: [1\n", "not valid YAML", 2)]
    [InlineData("? [1, 2]\n: x\n", "not a string", 1)]
    [InlineData("a: 1\n---\nb: 2\n", "more than one YAML document", 2)]
    [InlineData("base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys", 3)]
    public void UnreadableFilesSayWhereAndWhy(string text, string reason, int line)
    {
        var e = Assert.Throws<YamlReadException>(() => YamlReader.Read(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Start.Line);
    }
}
