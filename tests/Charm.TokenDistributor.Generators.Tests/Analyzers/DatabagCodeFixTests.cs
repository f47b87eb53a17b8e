using Charm.TokenDistributor.CodeFixes;
using Charm.TokenDistributor.Generators.Analyzers;
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
        }
        """;

    private static string MirrorCharm(string members) => Sources.Usings + $$"""
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class MirrorCharm : CharmBase
        {
            public MirrorCharm(CharmContext context) : base(context) { }

            [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

        {{members}}
        }
        """;

    [Fact]
    public async Task Hand_built_keys_with_an_accessor_are_replaced_by_it()
    {
        var test = new CodeFixVerifier<DatabagAnalyzer, UseMirrorAccessorCodeFixProvider>.Test();
        test.TestState.Sources.Add(MirrorCharm("""
                void OnChanged(RelationChangedEvent e, string pem)
                {
                    e.Relation.LocalUnitData[{|#0:"mirror-ca-cert"|}] = pem;
                    e.Relation.LocalUnitData.Set({|#1:"mirror-" + "ca-cert"|}, pem);
                    e.Relation.LocalUnitData.Remove({|#2:MirrorKeys.MirrorId("ca-cert")|});
                    var seen = e.Relation.RemoteUnitData("d/0")[{|#3:"mirror-ca-cert"|}] ?? "none";
                    var has = e.Relation.RemoteUnitData("d/0").ContainsKey({|#4:"mirror-ca-cert"|});
                    var mine = CaCert;
                }

                static void Elsewhere(Relation relation) => relation.LocalUnitData.Remove({|#5:"mirror-ca-cert"|});
            """));
        test.TestState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        test.FixedState.Sources.Add(MirrorCharm("""
                void OnChanged(RelationChangedEvent e, string pem)
                {
                    CaCert = pem;
                    CaCert = pem;
                    CaCert = null;
                    var seen = CaCert ?? "none";
                    var has = e.Relation.RemoteUnitData("d/0").ContainsKey({|#4:"mirror-ca-cert"|});
                    var mine = CaCert;
                }

                static void Elsewhere(Relation relation) => relation.LocalUnitData.Remove({|#5:"mirror-ca-cert"|});
            """));
        test.FixedState.Sources.Add(("MirrorCharm.g.cs", MirrorCharmGenerated));
        for (var i = 0; i <= 5; i++)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(i).WithArguments("mirror-ca-cert", "CaCert").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(4).WithArguments("mirror-ca-cert", "CaCert").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseMirrorKeyAccessor).WithLocation(5).WithArguments("mirror-ca-cert", "CaCert").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
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
            }
            """));
        await test.RunAsync();
    }
}
