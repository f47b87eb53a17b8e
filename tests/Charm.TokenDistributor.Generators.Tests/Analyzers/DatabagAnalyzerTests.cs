using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Verify = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<Charm.TokenDistributor.Generators.Analyzers.DatabagAnalyzer>;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

public sealed class DatabagAnalyzerTests
{
    [Fact]
    public Task Remote_unit_databag_writes_are_errors()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    {|#0:e.Relation.RemoteUnitData(e.RemoteUnit!)["k"]|} = "v";
                    var bag = e.Relation.RemoteUnitData("other/0");
                    {|#1:bag.Remove("k")|};
                    foreach (var (unit, data) in e.Relation.RemoteUnitsData())
                    {
                        {|#2:data["k"]|} = unit;
                    }

                    foreach (var pair in e.Relation.RemoteUnitsData().Where(p => p.Unit != "x"))
                    {
                        {|#3:pair.Data.Set("k", "v")|};
                    }

                    var (_, first) = e.Relation.RemoteUnitsData().First();
                    {|#4:first["k"]|} += "more";
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(0).WithArguments("remote unit's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(1).WithArguments("remote unit's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(2).WithArguments("remote unit's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(3).WithArguments("remote unit's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(4).WithArguments("remote unit's"));
    }

    [Fact]
    public Task Remote_application_databag_writes_are_errors()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    {|#0:e.Relation.RemoteAppData!["k"]|} = "v";
                    e.Relation.RemoteAppData?{|#1:.Set("k", "v")|};
                    if (e.Relation.RemoteAppData is { } remote)
                    {
                        {|#2:remote["k"]|} = null;
                    }

                    var either = e.Relation.RemoteAppData ?? e.Relation.RemoteUnitData("a/0");
                    {|#3:either["k"]|} = "v";
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(0).WithArguments("remote application's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(1).WithArguments("remote application's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(2).WithArguments("remote application's"),
            Verify.Diagnostic(DiagnosticDescriptors.RemoteDatabagWrite).WithLocation(3).WithArguments("remote"));
    }

    [Fact]
    public Task Own_unit_writes_and_remote_reads_are_fine()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e, Databag unknown)
                {
                    e.Relation.LocalUnitData["hostname"] = "h";
                    e.Relation.LocalUnitData.Set("k", "v");
                    e.Relation.LocalUnitData.Remove("k");
                    var fromRemote = e.Relation.RemoteUnitData("a/0")["k"];
                    var app = e.Relation.RemoteAppData?["k"];
                    foreach (var (unit, data) in e.Relation.RemoteUnitsData())
                    {
                        e.Relation.LocalUnitData[unit.Replace('/', '-')] = data["k"];
                    }

                    var bag = e.Relation.RemoteUnitData("a/0");
                    bag = e.Relation.LocalUnitData;
                    bag["k"] = "v";
                    unknown["k"] = "v";
                }
            """);
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task Application_databag_writes_without_leadership_warn()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    {|#0:e.Relation.LocalAppData["k"]|} = "v";
                    var app = e.Relation.LocalAppData;
                    {|#1:app.Set("k", "v")|};
                    if (Unit.IsLeader)
                    {
                        Framework.Observe<InstallEvent>(EventKey.Install, "id", _ => {|#2:e.Relation.LocalAppData.Remove("k")|});
                    }

                    if (Unit.IsLeader || e.RemoteUnit is null)
                    {
                        {|#3:app["k"]|} = "v";
                    }
                }

                void Later(Relation relation, bool flag)
                {
                    if (flag) return;
                    if (!Unit.IsLeader) { Log.Info("not leader"); }
                    {|#4:relation.LocalAppData["k"]|} = "v";
                    void Local() => {|#5:relation.LocalAppData["k"]|} = "w";
                    if (Unit.IsLeader) Local();
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(0),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(2),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(3),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(4),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(5));
    }

    [Fact]
    public Task Guarded_application_databag_writes_are_fine()
    {
        var source = Sources.Charm("""
                void Guarded(Relation relation, Unit unit, bool ready)
                {
                    if (Unit.IsLeader) relation.LocalAppData["a"] = "v";
                    if (Model.Unit.IsLeader && ready) { relation.LocalAppData.Set("b", "v"); }
                    if (unit.IsLeader == true) relation.LocalAppData.Remove("c");
                    if (!Unit.IsLeader) { } else { relation.LocalAppData["d"] = "v"; }
                    if (Unit.IsLeader is true) relation.LocalAppData["e"] = "v";
                    var leader = Unit.IsLeader;
                    if (leader) relation.LocalAppData["f"] = "v";
                    _ = Unit.IsLeader ? relation.LocalAppData["g"] = "v" : null;
                    foreach (var key in new[] { "h" })
                    {
                        if (!unit.IsLeader) continue;
                        relation.LocalAppData[key] = "v";
                    }
                }

                void EarlyReturn(Relation relation)
                {
                    if (!Unit.IsLeader)
                    {
                        Log.Debug("not the leader");
                        return;
                    }

                    relation.LocalAppData["k"] = "v";
                    new List<string> { "x" }.ForEach(k => relation.LocalAppData[k] = "v");
                }

                void EarlyThrow(Relation relation)
                {
                    if (!Unit.IsLeader || relation.IsPeer) throw new InvalidOperationException("leader only");
                    relation.LocalAppData["k"] = "v";
                }

                void OnLeaderElected(LeaderElectedEvent e, Relation relation) => relation.LocalAppData["k"] = "v";

                void Observed() => Framework.Observe<LeaderElectedEvent>(EventKey.LeaderElected, "id", e => Model.GetRelation("cluster")!.LocalAppData["k"] = "v");
            """);
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task Application_databag_reads_without_leadership_warn()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e)
                {
                    var value = {|#0:e.Relation.LocalAppData["k"]|};
                    var has = {|#1:e.Relation.LocalAppData.ContainsKey("k")|};
                    foreach (var pair in {|#2:e.Relation.LocalAppData|}) { }
                    var keys = {|#3:e.Relation.LocalAppData.Keys|};
                    var any = {|#4:e.Relation.LocalAppData.Any()|};
                    var leaderValue = Unit.IsLeader && e.Relation.LocalAppData.TryGetValue("k", out _);
                    if (Unit.IsLeader)
                    {
                        var count = e.Relation.LocalAppData.Count;
                    }
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(0),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(1),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(2),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(3),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(4));
    }

    [Fact]
    public Task On_leader_elected_handlers_establish_leadership_whatever_they_take()
    {
        var source = Sources.Charm("""
                [On(JujuEventKind.LeaderElected)]
                void Elected() => Model.GetRelation("cluster")!.LocalAppData["k"] = "v";

                [On(JujuEventKind.LeaderElected)]
                void ElectedHook(HookEvent e) => Model.GetRelation("cluster")!.LocalAppData.Set("k", "v");

                [On(JujuEventKind.LeaderElected)]
                void ElectedBase(EventBase e) { var seen = Model.GetRelation("cluster")!.LocalAppData["k"]; }

                [On(JujuEventKind.LeaderElected)]
                void ElectedObject(object e) => Model.GetRelation("cluster")!.LocalAppData.Remove("k");

                [On(JujuEventKind.LeaderElected)]
                [On(JujuEventKind.ConfigChanged)]
                void AlsoOnConfig() => {|#0:Model.GetRelation("cluster")!.LocalAppData["k"]|} = "v";

                [On(JujuEventKind.Start)]
                void OnStart() { var seen = {|#1:Model.GetRelation("cluster")!.LocalAppData["k"]|}; }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(0),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(1));
    }

    [Fact]
    public Task Reads_on_a_relation_known_to_be_a_peer_relation_are_fine()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e, Relation other)
                {
                    if (e.Relation.IsPeer)
                    {
                        var members = e.Relation.LocalAppData["members"];
                    }

                    var either = e.Relation.IsPeer || Unit.IsLeader ? e.Relation.LocalAppData["k"] : null;
                    var app = other.LocalAppData;
                    if (other.IsPeer) { var keys = app.Keys; }
                    if (Unit.IsLeader || other.IsPeer) { var count = other.LocalAppData.Count; }
                }

                void Early(Relation relation)
                {
                    if (!relation.IsPeer && !Unit.IsLeader) return;
                    var value = relation.LocalAppData["k"];
                }

                void NotProven(Relation relation, Relation other)
                {
                    if (other.IsPeer)
                    {
                        var value = {|#0:relation.LocalAppData["k"]|};
                        {|#1:other.LocalAppData["k"]|} = "v";
                    }

                    if (relation.IsPeer && Unit.IsLeader == false) { }
                    if (relation.IsPeer || relation.Units.Count > 0) { var keys = {|#2:relation.LocalAppData.Keys|}; }
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(0),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagWriteWithoutLeadership).WithLocation(1),
            Verify.Diagnostic(DiagnosticDescriptors.AppDatabagReadWithoutLeadership).WithLocation(2));
    }

    [Fact]
    public Task Writing_keys_Juju_fills_warns()
    {
        var source = Sources.Charm("""
                const string Private = "private-address";

                void OnChanged(RelationChangedEvent e)
                {
                    e.Relation.LocalUnitData[{|#0:"ingress-address"|}] = "10.0.0.1";
                    e.Relation.LocalUnitData.Set({|#1:"egress-subnets"|}, "10.0.0.0/24");
                    e.Relation.LocalUnitData.Remove({|#2:Private|});
                    var address = e.Relation.RemoteUnitData("a/0")["private-address"];
                    e.Relation.LocalUnitData["address"] = address;
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.ReservedKeyWrite).WithLocation(0).WithArguments("ingress-address"),
            Verify.Diagnostic(DiagnosticDescriptors.ReservedKeyWrite).WithLocation(1).WithArguments("egress-subnets"),
            Verify.Diagnostic(DiagnosticDescriptors.ReservedKeyWrite).WithLocation(2).WithArguments("private-address"));
    }

    [Fact]
    public Task Hand_built_mirror_keys_without_an_accessor_are_reported_as_information()
    {
        var source = Sources.Charm("""
                void OnChanged(RelationChangedEvent e, string host)
                {
                    var token = e.Relation.RemoteUnitData("d/0")[{|#0:"mirror-" + host|}];
                    var other = e.Relation.RemoteUnitData("d/0")[{|#1:$"mirror-{host}"|}];
                    e.Relation.LocalUnitData[{|#2:"mirror-ca-cert"|}] = "pem";
                    var key = "mirror-" + host;
                    e.Relation.RemoteUnitData("d/0").TryGetValue({|#3:key|}, out _);
                    e.Relation.LocalUnitData["mirror"] = "up";
                    e.Relation.LocalUnitData["hostname"] = host;
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(0).WithArguments("mirror-…"),
            Verify.Diagnostic(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(1).WithArguments("mirror-…"),
            Verify.Diagnostic(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(2).WithArguments("mirror-ca-cert"),
            Verify.Diagnostic(DiagnosticDescriptors.HandBuiltMirrorKey).WithLocation(3).WithArguments("mirror-…"));
    }

    [Fact]
    public async Task Analyzer_is_silent_without_the_framework()
    {
        var test = new AnalyzerVerifier<DatabagAnalyzer>.Test { TestCode = "class Databag { public string this[string k] { get => k; set { } } void M() { this[\"mirror-x\"] = \"v\"; } }" };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.All.Take(TestReferences.All.Length - 2));
        await test.RunAsync();
    }
}
