using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Metadata;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Verify = Charm.TokenDistributor.Generators.Tests.Generator.GeneratorDiagnosticVerifier;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// <c>config.options</c> of <c>charmcraft.yaml</c>, read (CharmConfigReader) and its problems reported at their line
/// (CTD5007, CTD5008). Facts pinned (charmcraft's <c>config</c> schema): each option is a mapping whose <c>type</c> is
/// required and one of <c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c>, <c>secret</c>; <c>default</c> and
/// <c>description</c> are optional, the default of the option's type.
/// </summary>
public sealed class ConfigReaderTests
{
    private static CharmConfigOptions Read(string yaml) => CharmConfigReader.Read(SourceText.From(yaml), "charmcraft.yaml");

    [Fact]
    public void Block_flow_quoted_and_block_scalar_forms_are_read_in_file_order()
    {
        var config = Read("""
            name: x
            actions:
              options:
                not-config: {}
            config:
              # the options
              options:
                cluster-port:   # trailing comment
                  type: int
                  default: -7443
                  description: |
                    First line, # not a comment.
                    Second line.
                "log-level": {type: string, default: 'info # kept', description: Verbosity.}
                ratio:
                  type: float
                  default: 1e3
                debug:
                  type: boolean
                  default: True
                  nested:
                    ignored: 1
                note:
                  type: string
                  default:
                ca:
                  type: secret
                  description: >-
                    Folded
                    text.
            parts:
              charm: {}
            """);

        Assert.Empty(config.Diagnostics);
        Assert.Equal(
            [
                ("cluster-port", "ClusterPort", ConfigOptionType.Int, "-7443", "First line, # not a comment. Second line."),
                ("log-level", "LogLevel", ConfigOptionType.String, "info # kept", "Verbosity."),
                ("ratio", "Ratio", ConfigOptionType.Float, "1000", null),
                ("debug", "Debug", ConfigOptionType.Boolean, "true", null),
                ("note", "Note", ConfigOptionType.String, null, null),
                ("ca", "Ca", ConfigOptionType.Secret, null, "Folded text."),
            ],
            config.Options!.Value.Select(o => (o.Key, o.Property, o.Type, o.Default, o.Description)));
        Assert.Equal([8, 14, 15, 18, 23, 26], config.Options!.Value.Select(o => o.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Equal(["cluster-port", "log-level", "ratio", "debug", "note", "ca"], config.DeclaredKeys);
    }

    [Fact]
    public void A_quoted_empty_string_is_a_default_and_a_bare_null_is_none()
    {
        var config = Read("config:\n  options:\n    a: {type: string, default: \"\"}\n    b: {type: string, default: ~}\n    c: {type: int, default: null}\n");

        Assert.Empty(config.Diagnostics);
        Assert.Equal([string.Empty, null, null], config.Options!.Value.Select(o => o.Default));
    }

    [Fact]
    public void Without_a_config_key_nothing_is_declared_and_with_empty_options_nothing_is_either()
    {
        Assert.Null(Read("name: x\nrequires: {}\n").Options);
        Assert.Empty(Read("config:\n  options: {}\n").Options!.Value);
        Assert.Empty(Read("config: {}\n").Options!.Value);
    }

    [Fact]
    public void Malformed_options_are_reported_at_their_line_and_left_out()
    {
        var config = Read("""
            config:
              options:
                no-type:
                  default: 1
                bad-type:
                  type: integer
                bad-int:
                  type: int
                  default: "5"
                bad-bool: {type: boolean, default: yes}
                bad-float: {type: float, default: fast}
                scalar: 5
                good: {type: string}
                good: {type: int}
            """);

        Assert.Equal(["good"], config.Options!.Value.Select(o => o.Key));
        Assert.Equal(["no-type", "bad-type", "bad-int", "bad-bool", "bad-float", "scalar", "good", "good"], config.DeclaredKeys);
        var reported = config.Diagnostics.Select(d => (d.Descriptor.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, Subject: d.Arguments[0], Reason: d.Arguments[1])).ToArray();
        Assert.Equal(
            [
                ("CTD5007", 3, "no-type", "it has no 'type'; charmcraft requires one of string, int, float, boolean, secret"),
                ("CTD5007", 6, "bad-type", "its type 'integer' is not one of string, int, float, boolean, secret"),
                ("CTD5007", 9, "bad-int", "its default '5' is not an int"),
                ("CTD5007", 10, "bad-bool", "its default 'yes' is not a boolean (write true or false)"),
                ("CTD5007", 11, "bad-float", "its default 'fast' is not a float"),
                ("CTD5007", 12, "scalar", "the option is '5', not a mapping with 'type', 'default' and 'description'"),
                ("CTD5007", 14, "good", "the option is declared twice"),
            ],
            reported);
        Assert.All(config.Diagnostics, d => Assert.Equal("charmcraft.yaml", d.Location.GetLineSpan().Path));
    }

    [Fact]
    public void Options_whose_names_give_no_property_of_their_own_are_reported()
    {
        var config = Read("config:\n  options:\n    cluster-port: {type: int}\n    cluster_port: {type: int}\n    '--': {type: string}\n    to-string: {type: string}\n    2fa: {type: boolean}\n");

        Assert.Equal([("cluster-port", "ClusterPort"), ("2fa", "_2fa")], config.Options!.Value.Select(o => (o.Key, o.Property)));
        Assert.Equal(
            [
                ("CTD5008", "cluster_port", "its property 'ClusterPort' is already the property of 'cluster-port'"),
                ("CTD5008", "--", "its name has no letters or digits to name a property after"),
                ("CTD5008", "to-string", "its property 'ToString' would hide object.ToString"),
            ],
            config.Diagnostics.Select(d => (d.Descriptor.Id, d.Arguments[0], d.Arguments[1])));
    }

    [Fact]
    public void A_flow_config_mapping_is_reported_as_unreadable()
    {
        var config = Read("config: {options: {a: {type: int}}}\n");

        Assert.Empty(config.Options!.Value);
        var diagnostic = Assert.Single(config.Diagnostics);
        Assert.Equal(("CTD5007", "config"), (diagnostic.Descriptor.Id, diagnostic.Arguments[0]));
    }

    [Fact]
    public Task The_generator_reports_them_in_charmcraft_yaml()
    {
        var test = new Verify.Test { TestCode = CharmSources.Consumer };
        test.TestState.AdditionalFiles.Add(("charmcraft.yaml", "requires:\n  cluster:\n    interface: worker-cluster\nconfig:\n  options:\n    port:\n      type: integer\n    a-b: {type: int}\n    a_b: {type: int}\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticDescriptors.ConfigOptionMalformed)
            .WithSpan("charmcraft.yaml", 7, 7, 7, 20)
            .WithArguments("port", "its type 'integer' is not one of string, int, float, boolean, secret"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticDescriptors.ConfigOptionWithoutProperty)
            .WithSpan("charmcraft.yaml", 9, 5, 9, 21)
            .WithArguments("a_b", "its property 'AB' is already the property of 'a-b'"));
        return test.RunAsync();
    }
}
