using Charm.Charmcraft.Yaml;
using YamlDotNet.RepresentationModel;
using YamlNode = Charm.Charmcraft.Yaml.YamlNode;

namespace Charm.Packaging.Tests.Charmcraft;

/// <summary>
/// What the packer writes reads back as the same values in any YAML reader, and never as another type under go-yaml
/// v2's YAML 1.1 rules (which read a plain <c>y</c>, <c>on</c> or <c>24.04</c> as a non-string).
/// </summary>
public sealed class YamlWriterTests
{
    /// <summary>The scalar under <c>v</c> as the reader under test reads the written text back.</summary>
    private static YamlScalar ReadBack(string text) => Assert.IsType<YamlScalar>(Assert.IsType<YamlMap>(YamlReader.Read(text))["v"]);

    private static YamlMap Doc(params (string Key, YamlNode Value)[] entries) => new(entries.Select(e => new KeyValuePair<string, YamlNode>(e.Key, e.Value)));

    [Theory]
    [InlineData("24.04")]
    [InlineData("y")]
    [InlineData("on")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("0755")]
    [InlineData("say \"hi\" \\ bye")]
    [InlineData("tab\there")]
    [InlineData("emoji 😀 and ü")]
    [InlineData("line one\nline two\n")]
    [InlineData("no trailing newline\nsecond")]
    [InlineData("kept\n\n\n")]
    [InlineData(" leading space\nsecond")]
    public void EveryStringReadsBackAsTheSameString(string value)
    {
        var text = YamlWriter.Write(Doc(("v", YamlScalar.String(value))));

        Assert.Equal(value, JujuYaml.String(JujuYaml.Parse(text), "v"));
        var ours = ReadBack(text);
        Assert.Equal(YamlScalarKind.String, ours.Kind);
        Assert.Equal(value, ours.Text);
    }

    [Fact]
    public void ANonBmpCharacterIsWrittenAsItselfNotAsSurrogateEscapes()
    {
        // go-yaml refuses a \uD83D\uDE00 escape pair: the character must be in the file as UTF-8.
        var text = YamlWriter.Write(Doc(("v", YamlScalar.String("😀"))));
        var scalar = Assert.IsType<YamlScalarNode>(JujuYaml.Get(JujuYaml.Parse(text), "v"));
        Assert.Equal("😀", scalar.Value);
        Assert.Equal(["v: \"😀\"", ""], text.Split('\n'));
    }

    [Fact]
    public void ALoneSurrogateIsRefusedWithTheTextThatHoldsIt()
    {
        var e = Assert.Throws<ArgumentException>(() => YamlWriter.Write(Doc(("v", YamlScalar.String("ab\uD800")))));
        Assert.Contains("\"ab…\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e30, "1.0e+30")]
    [InlineData(double.PositiveInfinity, ".inf")]
    [InlineData(double.NaN, ".nan")]
    public void AFloatAlwaysReadsAsAFloat(double value, string expected)
    {
        // Juju's float option takes only a float: 1 would be an integer and refused, so 1.0 is written.
        var text = YamlWriter.Write(Doc(("v", YamlScalar.Float(value))));
        Assert.Equal(expected, JujuYaml.Plain(JujuYaml.Parse(text), "v"));
        var ours = ReadBack(text);
        Assert.Equal(YamlScalarKind.Float, ours.Kind);
        Assert.Equal(value, ours.Value);
    }

    [Fact]
    public void NestedMappingsListsAndKeysRoundTrip()
    {
        var doc = Doc(
            ("options", Doc(("port", Doc(("type", YamlScalar.String("int")), ("default", YamlScalar.Int(8080)))))),
            ("on", YamlScalar.Bool(true)),
            ("y", new YamlList([YamlScalar.String("a"), Doc(("b", YamlScalar.Null())), new YamlList([])])),
            ("empty", Doc()));
        var parsed = JujuYaml.Parse(YamlWriter.Write(doc));

        Assert.Equal("8080", JujuYaml.Plain(JujuYaml.Map(JujuYaml.Map(parsed, "options"), "port"), "default"));
        Assert.Equal("int", JujuYaml.String(JujuYaml.Map(JujuYaml.Map(parsed, "options"), "port"), "type"));
        Assert.Equal("true", JujuYaml.Plain(parsed, "on")); // the key "on" is quoted, so it stays a string key
        var list = JujuYaml.List(parsed, "y");
        Assert.Equal("a", JujuYaml.String(list[0]));
        Assert.Equal("null", JujuYaml.Plain(Assert.IsType<YamlMappingNode>(list[1]), "b"));
        Assert.Empty(Assert.IsType<YamlSequenceNode>(list[2]));
        Assert.Empty(JujuYaml.Map(parsed, "empty"));
        var keys = Assert.IsType<YamlMap>(YamlReader.Read(YamlWriter.Write(doc))).Entries.Select(e => e.Key.Text);
        Assert.Equal(["options", "on", "y", "empty"], keys);
    }
}
