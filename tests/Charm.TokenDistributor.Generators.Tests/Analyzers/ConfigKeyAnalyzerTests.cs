using Charm.TokenDistributor.CodeFixes;
using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Verify = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<Charm.TokenDistributor.Generators.Analyzers.ConfigKeyAnalyzer>;
using VerifyFix = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.CodeFixVerifier<
    Charm.TokenDistributor.Generators.Analyzers.ConfigKeyAnalyzer,
    Charm.TokenDistributor.CodeFixes.UseDeclaredConfigKeyCodeFixProvider>;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

/// <summary>
/// CTD5009: reads of config keys that <c>charmcraft.yaml</c> does not declare, and the code fix. The fact pinned
/// (Juju): <c>config-get</c> reports the charm's declared options only (a key outside <c>config.options</c> never has a
/// value), so such a read always gives its fallback.
/// </summary>
public sealed class ConfigKeyAnalyzerTests
{
    private const string Yaml = """
        config:
          options:
            cluster-port: {type: int, default: 7443}
            peer-limit: {type: int}
            nickname: {type: string}
        """;

    /// <summary>What the generator emits for <see cref="Yaml"/>, written out: the analyzer tests do not run the generator.</summary>
    private const string TypedConfig = """

            public MyCharmConfig Config => new(Model.Config);

            public sealed class MyCharmConfig
            {
                private readonly CharmConfig _config;
                public MyCharmConfig(CharmConfig config) => _config = config;
                public long ClusterPort => _config.GetInt64("cluster-port", 7443L);
                public long? PeerLimit => _config.Contains("peer-limit") ? _config.GetInt64("peer-limit") : null;
                public string? Nickname => _config.GetString("nickname");
            }
        """;

    private static Task VerifyAsync(string source, string? yaml, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        if (yaml is not null)
        {
            test.TestState.AdditionalFiles.Add(("charmcraft.yaml", yaml));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Undeclared(int location, string key, string? closest)
        => Verify.Diagnostic(DiagnosticDescriptors.UndeclaredConfigKey).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(key, closest is null ? string.Empty : " (did you mean '" + closest + "'?)");

    [Fact]
    public Task Every_form_of_read_with_a_constant_undeclared_key_is_reported()
        => VerifyAsync(
            Sources.Charm("""
                private const string Limit = "peer-limt";

                public void Read(string dynamic)
                {
                    _ = Model.Config.GetInt64({|#0:"cluster-prot"|}, 0);
                    _ = Model.Config.GetString(defaultValue: "x", key: {|#1:"nick-name"|});
                    _ = Model.Config.GetBoolean({|#2:"debug"|});
                    _ = Model.Config.GetDouble({|#3:Limit|});
                    _ = Model.Config.Contains({|#4:"clusterport"|});
                    _ = Model.Config.Values[{|#5:"nicknam"|}];
                    _ = Model.Config.Values.TryGetValue({|#6:"peer_limit"|}, out _);
                    _ = Model.Config.Values.ContainsKey({|#7:"unrelated-option"|});

                    // Declared, or not a constant: not reported.
                    _ = Model.Config.GetInt64("cluster-port", 0);
                    _ = Model.Config.GetString("nickname");
                    _ = Model.Config.Values["peer-limit"];
                    _ = Model.Config.GetString(dynamic);
                    _ = Model.Config.Values.Count;
                }
                """),
            Yaml,
            Undeclared(0, "cluster-prot", "cluster-port"),
            Undeclared(1, "nick-name", "nickname"),
            Undeclared(2, "debug", null),
            Undeclared(3, "peer-limt", "peer-limit"),
            Undeclared(4, "clusterport", "cluster-port"),
            Undeclared(5, "nicknam", "nickname"),
            Undeclared(6, "peer_limit", "peer-limit"),
            Undeclared(7, "unrelated-option", null));

    [Fact]
    public Task An_option_declared_but_malformed_is_still_declared()
        => VerifyAsync(Sources.Charm("public void Read() => _ = Model.Config.GetInt64(\"port\");"), "config:\n  options:\n    port:\n      type: integer\n");

    [Fact]
    public Task Without_config_in_charmcraft_yaml_or_without_the_file_nothing_is_checked()
        => Task.WhenAll(
            VerifyAsync(Sources.Charm("public void Read() => _ = Model.Config.GetInt64(\"port\");"), "name: x\nrequires: {}\n"),
            VerifyAsync(Sources.Charm("public void Read() => _ = Model.Config.GetInt64(\"port\");"), yaml: null));

    [Fact]
    public Task A_typed_read_of_a_near_key_becomes_the_typed_property()
        => FixAsync(
            """
                public long Port() => Model.Config.GetInt64({|#0:"cluster-prot"|}, 0);
                public string? Name() => Model.Config.GetString({|#1:"nicknam"|});
            """,
            """
                public long Port() => Config.ClusterPort;
                public string? Name() => Config.Nickname;
            """,
            Undeclared(0, "cluster-prot", "cluster-port"),
            Undeclared(1, "nicknam", "nickname"));

    [Fact]
    public Task Other_reads_get_the_nearest_declared_key()
        => FixAsync(
            """
                public bool Has() => Model.Config.Values.ContainsKey({|#0:"clusterport"|});
                public string? Port() => Model.Config.GetString({|#1:"cluster-prot"|});
                public long Limit() => Model.Config.GetInt64({|#2:"peer-limt"|}, 3);
            """,
            """
                public bool Has() => Model.Config.Values.ContainsKey("cluster-port");
                public string? Port() => Model.Config.GetString("cluster-port");
                public long Limit() => Model.Config.GetInt64("peer-limit", 3);
            """,
            Undeclared(0, "clusterport", "cluster-port"),
            Undeclared(1, "cluster-prot", "cluster-port"),
            Undeclared(2, "peer-limt", "peer-limit"));

    [Fact]
    public Task Outside_the_charm_the_typed_property_is_not_in_scope_and_the_key_is_fixed()
    {
        const string Before = Sources.Usings + """
            public static class Reader
            {
                public static long Port(CharmConfig config) => config.GetInt64({|#0:"cluster-prot"|}, 0);
            }
            """;
        const string After = Sources.Usings + """
            public static class Reader
            {
                public static long Port(CharmConfig config) => config.GetInt64("cluster-port", 0);
            }
            """;
        var test = new VerifyFix.Test { TestCode = Before, FixedCode = After };
        test.TestState.AdditionalFiles.Add(("charmcraft.yaml", Yaml));
        test.ExpectedDiagnostics.Add(Undeclared(0, "cluster-prot", "cluster-port"));
        return test.RunAsync();
    }

    private static Task FixAsync(string members, string fixedMembers, params DiagnosticResult[] expected)
    {
        var test = new VerifyFix.Test { TestCode = Sources.Charm(members + TypedConfig), FixedCode = Sources.Charm(fixedMembers + TypedConfig) };
        test.TestState.AdditionalFiles.Add(("charmcraft.yaml", Yaml));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
