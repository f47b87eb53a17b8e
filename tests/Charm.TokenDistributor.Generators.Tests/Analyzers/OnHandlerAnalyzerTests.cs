using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Verify = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<Charm.TokenDistributor.Generators.Analyzers.OnHandlerAnalyzer>;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

public sealed class OnHandlerAnalyzerTests
{
    [Fact]
    public Task Handlers_the_generator_wires_are_fine()
    {
        var source = Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }

                [On(JujuEventKind.ConfigChanged)]
                private void Configure(ConfigChangedEvent e) { }

                [On(JujuEventKind.RelationChanged, "cluster")]
                [On(JujuEventKind.RelationDeparted, "peers")]
                private void OnRelation(RelationEvent e) { }

                [On(JujuEventKind.Install)]
                private static void Setup() { }

                [On(JujuEventKind.UpdateStatus)]
                private void Refresh(HookEvent e) { }
            }
            """;
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task A_handler_outside_an_attributed_class_is_reported()
    {
        var source = Sources.Usings + """
            public sealed class PlainCharm : CharmBase
            {
                public PlainCharm(CharmContext context) : base(context) { }

                [{|#0:On(JujuEventKind.ConfigChanged)|}]
                private void Configure(ConfigChangedEvent e) { }
            }

            [TokenDistributorConsumer("cluster", "microctl")]
            public partial class BaseCharm : CharmBase
            {
                public BaseCharm(CharmContext context) : base(context) { }

                public sealed class Helper
                {
                    [{|#1:On(JujuEventKind.Install)|}]
                    private void Install() { }
                }
            }

            public sealed class DerivedCharm : BaseCharm
            {
                public DerivedCharm(CharmContext context) : base(context) { }

                [{|#2:On(JujuEventKind.Start)|}]
                private void Start() { }
            }
            """;
        const string NoAttribute = "its class has no [TokenDistributorConsumer] or [TokenDistributorProvider], so no generated code observes it";
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(0).WithArguments("Configure", NoAttribute),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(1).WithArguments("Install", NoAttribute),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(2).WithArguments("Start", NoAttribute));
    }

    [Fact]
    public Task Handlers_of_a_shape_the_generator_skips_are_reported()
    {
        var source = Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context)
                {
                    [{|#0:On(JujuEventKind.Stop)|}]
                    void Local() { }

                    Local();
                    Action<StopEvent> handler = [{|#1:On(JujuEventKind.Stop)|}] (StopEvent e) => { };
                    handler(null!);
                }

                [{|#2:On(JujuEventKind.RelationChanged)|}]
                private void NoEndpoint(RelationChangedEvent e) { }

                [{|#3:On(JujuEventKind.Install)|}]
                private bool ReturnsValue() => true;

                [{|#4:On(JujuEventKind.Install)|}]
                private void TwoParameters(InstallEvent e, int extra) { }

                [{|#5:On(JujuEventKind.ConfigChanged)|}]
                private void WrongEvent(InstallEvent e) { }

                [{|#6:On(JujuEventKind.Start)|}]
                private void Generic<T>() { }

                [{|#7:On((JujuEventKind)999)|}]
                private void UnknownKind() { }

                public int Value { [{|#8:On(JujuEventKind.Start)|}] get => 0; }
            }
            """;
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(0).WithArguments("Local", "it is a local function; only methods of the charm class are wired"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(1).WithArguments("lambda", "it is a lambda; only methods of the charm class are wired"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(2).WithArguments("NoEndpoint", "a relation event needs its endpoint, e.g. [On(JujuEventKind.RelationChanged, \"cluster\")]"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(3).WithArguments("ReturnsValue", "a handler returns void"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(4).WithArguments("TwoParameters", "a handler takes the event or nothing, not several parameters"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(5).WithArguments("WrongEvent", "its parameter does not accept ConfigChangedEvent (take that class, a base of it, or nothing)"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(6).WithArguments("Generic", "a generic method cannot be wired"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(7).WithArguments("UnknownKind", "the event kind is not one the generator knows"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(8).WithArguments("get_Value", "only ordinary methods of the charm class are wired"));
    }

    [Fact]
    public Task An_endpoint_on_an_event_of_no_relation_is_not_wired()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }

                [{|#0:On(JujuEventKind.ConfigChanged, "peers")|}]
                private void Configure(ConfigChangedEvent e) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(0).WithArguments(
                "Configure",
                "ConfigChanged is not a relation event, so it takes no endpoint: remove \"peers\" (or observe a relation event, e.g. [On(JujuEventKind.RelationChanged, \"peers\")])"));

    [Fact]
    public Task Action_and_secret_handlers_taking_their_event_are_wired()
        => Verify.VerifyAsync(Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }

                [On(JujuEventKind.Action, "list-members")]
                private void ListMembers(ActionEvent e) { }

                [On(JujuEventKind.Action, "restart")]
                private void Restart() { }

                [On(JujuEventKind.SecretChanged)]
                [On(JujuEventKind.SecretExpired)]
                private void OnSecret(SecretEvent e) { }

                [On(JujuEventKind.SecretRotate)]
                [On(JujuEventKind.SecretRemove)]
                private void OnOwnedSecret(HookEvent e) { }
            }
            """);

    [Fact]
    public Task An_action_without_its_name_or_a_handler_of_the_wrong_event_is_reported()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }

                [{|#0:On(JujuEventKind.Action)|}]
                private void NoName(ActionEvent e) { }

                [{|#1:On(JujuEventKind.Action, "list-members")|}]
                private void WrongEvent(SecretEvent e) { }

                [{|#2:On(JujuEventKind.SecretChanged)|}]
                private void SecretAsAction(ActionEvent e) { }

                [{|#3:On(JujuEventKind.SecretRotate, "peers")|}]
                private void SecretWithName(SecretEvent e) { }

                [{|#4:On(JujuEventKind.SecretRemove)|}]
                private void SecretAsRelation(RelationEvent e) { }

                [{|#5:On(JujuEventKind.Other)|}]
                private void Unmodelled(HookEvent e) { }

                [{|#6:On(JujuEventKind.StorageAttached)|}]
                private void StorageWithoutName(StorageEvent e) { }

                [{|#7:On(JujuEventKind.StorageDetaching, "data")|}]
                private void StorageAsSecret(SecretEvent e) { }

                [On(JujuEventKind.StorageAttached, "data")]
                private void StorageWired(StorageEvent e) { }

                [On(JujuEventKind.StorageDetaching, "data")]
                private void StorageDetachingWired(StorageDetachingEvent e) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(0).WithArguments("NoName", "an action needs its name, e.g. [On(JujuEventKind.Action, \"list-members\")]"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(1).WithArguments("WrongEvent", "its parameter does not accept ActionEvent (take that class, a base of it, or nothing)"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(2).WithArguments("SecretAsAction", "its parameter does not accept SecretEvent (take that class, a base of it, or nothing)"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(3).WithArguments(
                "SecretWithName",
                "SecretRotate is not a relation event, so it takes no endpoint: remove \"peers\" (or observe a relation event, e.g. [On(JujuEventKind.RelationChanged, \"peers\")])"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(4).WithArguments("SecretAsRelation", "its parameter does not accept SecretEvent (take that class, a base of it, or nothing)"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(5).WithArguments("Unmodelled", "the event kind is not one the generator knows"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(6).WithArguments("StorageWithoutName", "a storage event needs its storage's name, e.g. [On(JujuEventKind.StorageAttached, \"data\")]"),
            Verify.Diagnostic(DiagnosticDescriptors.UnwiredOnHandler).WithLocation(7).WithArguments("StorageAsSecret", "its parameter does not accept StorageDetachingEvent (take that class, a base of it, or nothing)"));

    [Fact]
    public Task Two_handlers_of_one_event_are_told_their_ids_name_the_methods()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }

                [On(JujuEventKind.ConfigChanged)]
                [On(JujuEventKind.RelationChanged, "cluster")]
                private void Configure(HookEvent e) { }

                [{|#0:On(JujuEventKind.ConfigChanged)|}]
                private void Restart() { }

                [On(JujuEventKind.RelationChanged, "peers")]
                private void OnPeers(RelationChangedEvent e) { }

                [{|#1:On(JujuEventKind.RelationChanged, "cluster")|}]
                private void OnCluster(RelationChangedEvent e) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.SharedEventHandlers).WithLocation(0).WithArguments("Configure", "Restart", "ConfigChanged"),
            Verify.Diagnostic(DiagnosticDescriptors.SharedEventHandlers).WithLocation(1).WithArguments("Configure", "OnCluster", "RelationChanged of 'cluster'"));
}
