using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests.Charmcraft;

/// <summary>
/// Reads a file the packer wrote with YamlDotNet's own parser (not the reader under test) and checks values the way
/// Juju's go-yaml v2 types them: a quoted or block scalar is a string, whatever its text; a plain one is typed by its
/// text, so a plain <c>24.04</c> would be a float, which Juju refuses where it wants a string.
/// </summary>
internal static class JujuYaml
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    public static YamlNode Get(YamlMappingNode map, string key)
    {
        Assert.True(map.Children.TryGetValue(new YamlScalarNode(key), out var value), $"no '{key}' in {string.Join(", ", map.Children.Keys)}");
        return value!;
    }

    public static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    public static YamlMappingNode Map(YamlMappingNode map, string key) => Assert.IsType<YamlMappingNode>(Get(map, key));

    public static YamlSequenceNode List(YamlMappingNode map, string key) => Assert.IsType<YamlSequenceNode>(Get(map, key));

    /// <summary>The value under <paramref name="key"/>, which go-yaml reads as a string (it is quoted or a block).</summary>
    public static string String(YamlMappingNode map, string key) => String(Get(map, key));

    public static string String(YamlNode node)
    {
        var scalar = Assert.IsType<YamlScalarNode>(node);
        Assert.True(scalar.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted or ScalarStyle.Literal or ScalarStyle.Folded, $"'{scalar.Value}' is a plain scalar, which go-yaml may read as a non-string");
        return scalar.Value!;
    }

    /// <summary>A plain scalar (an integer, float or boolean for go-yaml), as written.</summary>
    public static string Plain(YamlMappingNode map, string key)
    {
        var scalar = Assert.IsType<YamlScalarNode>(Get(map, key));
        Assert.Equal(ScalarStyle.Plain, scalar.Style);
        return scalar.Value!;
    }
}
