using Charm.TokenDistributor.CodeFixes;
using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

public sealed class DatabagCodeFixTests
{
    [Fact]
    public Task Application_databag_writes_are_wrapped_in_the_charms_leader_check()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    // publish
                    {|#0:e.Relation.LocalAppData["k"]|} = "v";
                    Log.Info("done");
                    if (e.RemoteUnit is not null)
                        {|#1:e.Relation.LocalAppData.Remove("old")|};
                }
            """);
        var fixedSource = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    // publish
                    if (Unit.IsLeader)
                    {
                        e.Relation.LocalAppData["k"] = "v";
                    }
                    Log.Info("done");
                    if (e.RemoteUnit is not null)
                        if (Unit.IsLeader)
                        {
                            e.Relation.LocalAppData.Remove("old");
                        }
                }
            """);
        return CodeFixVerifier<DatabagAnalyzer, WrapInLeaderCheckCodeFixProvider>.VerifyCodeFixAsync(
            source,
            [
                new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(0),
                new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1),
            ],
            fixedSource);
    }

    [Fact]
    public Task Outside_a_charm_the_fix_uses_the_unit_it_can_reach()
    {
        var source = Sources.Usings + """
            public sealed class Publisher
            {
                private readonly CharmBase _charm;

                public Publisher(CharmBase charm) => _charm = charm;

                public void ViaCharm(Relation relation)
                {
                    {|#0:relation.LocalAppData["k"]|} = "v";
                }

                public static void ViaUnit(Relation relation, Unit unit)
                {
                    {|#1:relation.LocalAppData["k"]|} = "v";
                }

                public static void ViaEvent(RelationChangedEvent e)
                {
                    {|#2:e.Relation.LocalAppData.Set("k", "v")|};
                }
            }
            """;
        var fixedSource = Sources.Usings + """
            public sealed class Publisher
            {
                private readonly CharmBase _charm;

                public Publisher(CharmBase charm) => _charm = charm;

                public void ViaCharm(Relation relation)
                {
                    if (_charm.Unit.IsLeader)
                    {
                        relation.LocalAppData["k"] = "v";
                    }
                }

                public static void ViaUnit(Relation relation, Unit unit)
                {
                    if (unit.IsLeader)
                    {
                        relation.LocalAppData["k"] = "v";
                    }
                }

                public static void ViaEvent(RelationChangedEvent e)
                {
                    if (e.Model.Unit.IsLeader)
                    {
                        e.Relation.LocalAppData.Set("k", "v");
                    }
                }
            }
            """;
        return CodeFixVerifier<DatabagAnalyzer, WrapInLeaderCheckCodeFixProvider>.VerifyCodeFixAsync(
            source,
            [
                new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(0),
                new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1),
                new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(2),
            ],
            fixedSource);
    }

    [Fact]
    public async Task The_fix_keeps_an_else_with_its_if_and_ignores_locals_declared_later()
    {
        var source = Sources.Usings + """
            public static class Publisher
            {
                public static void Publish(Relation relation, bool ready, Unit unit)
                {
                    if (ready)
                        {|#0:relation.LocalAppData["k"]|} = "v";
                    else
                        relation.LocalUnitData["k"] = "v";
                }

                public static void Later(Relation relation, Func<Unit> find)
                {
                    {|#1:relation.LocalAppData["k"]|} = "v";
                    var unit = find();
                }
            }
            """;
        var fixedSource = Sources.Usings + """
            public static class Publisher
            {
                public static void Publish(Relation relation, bool ready, Unit unit)
                {
                    if (ready)
                    {
                        if (unit.IsLeader)
                        {
                            relation.LocalAppData["k"] = "v";
                        }
                    }
                    else
                        relation.LocalUnitData["k"] = "v";
                }

                public static void Later(Relation relation, Func<Unit> find)
                {
                    {|#1:relation.LocalAppData["k"]|} = "v";
                    var unit = find();
                }
            }
            """;
        var test = new CodeFixVerifier<DatabagAnalyzer, WrapInLeaderCheckCodeFixProvider>.Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(0));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1));
        await test.RunAsync();
    }

    [Fact]
    public async Task Writes_in_expression_bodies_get_a_block_body_with_the_guard_inside()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    Framework.Observe<InstallEvent>(EventKey.Install, "id", _ => {|#0:e.Relation.LocalAppData.Remove("k")|});
                    Func<string?> returning = () => {|#1:e.Relation.LocalAppData["k"]|} = "v";
                }

                void Publish(Relation relation) => {|#2:relation.LocalAppData["k"]|} = "v";

                string? Returning(Relation relation) => {|#3:relation.LocalAppData["k"]|} = "v";

                void WithLocal(Relation relation)
                {
                    void Local() => {|#4:relation.LocalAppData.Set("k", "v")|};
                    Local();
                }
            """);
        var fixedSource = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    Framework.Observe<InstallEvent>(EventKey.Install, "id", _ =>
                    {
                        if (Unit.IsLeader)
                        {
                            e.Relation.LocalAppData.Remove("k");
                        }
                    });
                    Func<string?> returning = () => {|#1:e.Relation.LocalAppData["k"]|} = "v";
                }

                void Publish(Relation relation)
                {
                    if (Unit.IsLeader)
                    {
                        relation.LocalAppData["k"] = "v";
                    }
                }

                string? Returning(Relation relation) => {|#3:relation.LocalAppData["k"]|} = "v";

                void WithLocal(Relation relation)
                {
                    void Local()
                    {
                        if (Unit.IsLeader)
                        {
                            relation.LocalAppData.Set("k", "v");
                        }
                    }
                    Local();
                }
            """);
        var test = new CodeFixVerifier<DatabagAnalyzer, WrapInLeaderCheckCodeFixProvider>.Test { TestCode = source, FixedCode = fixedSource };
        for (var i = 0; i <= 4; i++)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(i));
        }

        // A lambda or method that returns the written value gets no fix: a block body would have to return it too.
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(3));
        await test.RunAsync();
    }

    private const string MirrorCharmGenerated = """
        // <auto-generated/>
        #nullable enable
        public sealed partial class MirrorCharm
        {
            public partial string? CaCert { get => null; set { } }

            public partial string ApiEndpoint { get => ""; set { } }
        }
        """;

    private static string MirrorCharm(string members) => Sources.Usings + $$"""
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class MirrorCharm : CharmBase
        {
            public MirrorCharm(CharmContext context) : base(context) { }

            [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

            [MirrorKey("api-endpoint")] public partial string ApiEndpoint { get; set; }

        {{members}}
        }
        """;

    [Fact]
    public async Task Writes_to_this_units_databag_on_the_accessors_relation_are_replaced_by_it()
    {
        // Compiler warnings count: a null written through the accessor would be CS8625.
        var test = new CodeFixVerifier<DatabagAnalyzer, UseMirrorAccessorCodeFixProvider>.Test { CompilerDiagnostics = CompilerDiagnostics.Warnings };
        test.DisabledDiagnostics.Add("CS1591");
        test.TestState.Sources.Add(MirrorCharm("""
                void OnChanged(RelationChangedEvent e, string pem)
                {
                    var cluster = Model.GetRelation("cluster")!;
                    cluster.LocalUnitData[{|#0:"mirror-ca-cert"|}] = pem;
                    Model.GetRelation("cluster")!.LocalUnitData.Set({|#1:"mirror-" + "ca-cert"|}, pem + "\n");
                    cluster.LocalUnitData.Set({|#2:$"mirror-{"ca-cert"}"|}, "PEM");
                    cluster.LocalUnitData[{|#3:"mirror-api-endpoint"|}] = pem;
                }
            """));
        test.TestState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        test.FixedState.Sources.Add(MirrorCharm("""
                void OnChanged(RelationChangedEvent e, string pem)
                {
                    var cluster = Model.GetRelation("cluster")!;
                    CaCert = pem;
                    CaCert = pem + "\n";
                    CaCert = "PEM";
                    ApiEndpoint = pem;
                }
            """));
        test.FixedState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        for (var i = 0; i <= 3; i++)
        {
            var (key, accessor) = i <= 2 ? ("mirror-ca-cert", "CaCert") : ("mirror-api-endpoint", "ApiEndpoint");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(i).WithArguments(key, accessor).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task Accesses_the_accessor_would_change_are_CTD2004_with_the_reason_and_no_fix()
    {
        var source = MirrorCharm("""
                void OnChanged(RelationChangedEvent e, string pem, string? maybe)
                {
                    var cluster = Model.GetRelation("cluster")!;
                    cluster.LocalUnitData[{|#0:"mirror-api-endpoint"|}] = maybe;
                    var seen = cluster.RemoteUnitData("d/0")[{|#1:"mirror-ca-cert"|}] ?? "none";
                    e.Relation.LocalUnitData[{|#2:"mirror-ca-cert"|}] = pem;
                    cluster.LocalUnitData[{|#3:"mirror-ca-cert"|}] += pem;
                    var has = cluster.RemoteUnitData("d/0").ContainsKey({|#4:"mirror-ca-cert"|});
                    if (Unit.IsLeader) cluster.LocalAppData[{|#5:"mirror-ca-cert"|}] = pem;
                    Model.GetRelation("peers")!.LocalUnitData[{|#6:"mirror-ca-cert"|}] = pem;
                    var peers = Model.GetRelation("peers")!;
                    cluster.LocalUnitData.Remove({|#8:$"mirror-{"ca-cert"}"|});
                    cluster.LocalUnitData[{|#9:"mirror-ca-cert"|}] = "";
                }

                static void Elsewhere(JujuModel model, string pem) => model.GetRelation("cluster")!.LocalUnitData[{|#7:"mirror-ca-cert"|}] = pem;
            """);
        var test = new CodeFixVerifier<DatabagAnalyzer, UseMirrorAccessorCodeFixProvider>.Test();
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        test.FixedState.Sources.Add(source);
        test.FixedState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        const string Deletes = "it deletes the key, and a mirrored value cannot be withdrawn: the distributor keeps the last value it copied";
        const string Reads = "it reads the databag, while the accessor's getter gives the value the distributor mirrors, corroborated across its units";
        var expected = new List<DiagnosticResult>
        {
            ByHand(0, "mirror-api-endpoint", "ApiEndpoint", "the value may be null, which the accessor refuses (a mirrored value cannot be withdrawn)"),
            ByHand(1, "mirror-ca-cert", "CaCert", Reads),
            ByHand(2, "mirror-ca-cert", "CaCert", "the databag is not known to be this unit's own on the accessor's relation"),
            ByHand(3, "mirror-ca-cert", "CaCert", "a compound assignment would read the accessor's corroborated value"),
            ByHand(4, "mirror-ca-cert", "CaCert", Reads),

            // The application databag and another relation are not the accessor's data: only a hand-built key.
            new DiagnosticResult(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(5).WithArguments("mirror-ca-cert"),
            new DiagnosticResult(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(6).WithArguments("mirror-ca-cert"),
            ByHand(7, "mirror-ca-cert", "CaCert", "the accessor cannot be named here (outside an instance member of the charm, or inside '?.')"),
            ByHand(8, "mirror-ca-cert", "CaCert", Deletes),
            ByHand(9, "mirror-ca-cert", "CaCert", Deletes),
        };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);

        await test.RunAsync();
    }

    private static DiagnosticResult ByHand(int location, string key, string accessor, string reason)
        => new DiagnosticResult(DiagnosticDescriptors.MirrorKeyByHand).WithLocation(location).WithArguments(key, accessor, reason);

    [Fact]
    public async Task With_two_consumers_the_accessor_of_the_written_relation_is_used()
    {
        const string Generated = """
            // <auto-generated/>
            #nullable enable
            public sealed partial class TwoCharm
            {
                public partial string? ClusterCa { get => null; set { } }

                public partial string? BackupCa { get => null; set { } }
            }
            """;
        static string Charm(string members) => Sources.Usings + $$"""
            [TokenDistributorConsumer("cluster", "microctl")]
            [TokenDistributorConsumer("backup", "backupctl")]
            public sealed partial class TwoCharm : CharmBase
            {
                public TwoCharm(CharmContext context) : base(context) { }

                [MirrorKey("ca-cert", Relation = "cluster")] public partial string? ClusterCa { get; set; }

                [MirrorKey("ca-cert", Relation = "backup")] public partial string? BackupCa { get; set; }

            {{members}}
            }
            """;
        var test = new CodeFixVerifier<DatabagAnalyzer, UseMirrorAccessorCodeFixProvider>.Test();
        test.TestState.Sources.Add(Charm("""
                void Publish(RelationChangedEvent e, string pem)
                {
                    Model.GetRelation("backup")!.LocalUnitData[{|#0:"mirror-ca-cert"|}] = pem;
                    Model.GetRelation("cluster")!.LocalUnitData[{|#1:"mirror-ca-cert"|}] = pem;
                    e.Relation.LocalUnitData[{|#2:"mirror-ca-cert"|}] = pem;
                }
            """));
        test.TestState.Sources.Add(("TwoCharm.g.cs", Generated));
        test.FixedState.Sources.Add(Charm("""
                void Publish(RelationChangedEvent e, string pem)
                {
                    BackupCa = pem;
                    ClusterCa = pem;
                    e.Relation.LocalUnitData[{|#2:"mirror-ca-cert"|}] = pem;
                }
            """));
        test.FixedState.Sources.Add(("TwoCharm.g.cs", Generated));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(0).WithArguments("mirror-ca-cert", "BackupCa").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(1).WithArguments("mirror-ca-cert", "ClusterCa").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        // Which relation e.Relation is cannot be told: both accessors are named, and there is no fix.
        var unknown = new DiagnosticResult(DiagnosticDescriptors.MirrorKeyByHand).WithLocation(2)
            .WithArguments("mirror-ca-cert", "ClusterCa' or 'BackupCa", "the databag is not known to be this unit's own on the accessor's relation");
        test.ExpectedDiagnostics.Add(unknown);
        test.FixedState.ExpectedDiagnostics.Add(unknown);
        await test.RunAsync();
    }

    [Fact]
    public async Task Generated_accessors_themselves_are_not_reported()
    {
        var test = new AnalyzerVerifier<DatabagAnalyzer>.Test();
        test.TestState.Sources.Add(MirrorCharm("""
                void OnChanged(RelationChangedEvent e) => CaCert = e.Relation.LocalUnitData["hostname"];
            """));
        test.TestState.Sources.Add(("MirrorCharm.g.cs", """
            // <auto-generated/>
            #nullable enable
            public sealed partial class MirrorCharm
            {
                public partial string? CaCert
                {
                    get => Model.GetRelation("cluster")?.RemoteUnitData("d/0")["mirror-ca-cert"];
                    set => Model.GetRelation("cluster")!.LocalUnitData["mirror-ca-cert"] = value;
                }

                public partial string ApiEndpoint { get => ""; set { } }
            }
            """));
        await test.RunAsync();
    }
}
