using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>Representative charm sources the generator tests share. Each compiles warning-free with the generated half.</summary>
internal static class CharmSources
{
    private const string Usings = """
        using System.Collections.Generic;
        using Charm.Framework;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;
        using Charm.TokenDistributor.Events;

        """;

    /// <summary>The example: one consumer, three hooks, a mirror key and an <c>[On]</c> handler.</summary>
    public const string Consumer = Usings + """
        namespace Demo;

        /// <summary>The microovn charm.</summary>
        [TokenDistributorConsumer("cluster", "microovn", "cluster")]
        public sealed partial class MicroOvnCharm : CharmBase
        {
            partial void OnClusterPreJoin(ClusterPreJoinEvent e) => Log.Info("about to join");

            partial void OnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active(e.Bootstrapper ? "bootstrapped" : "joined");

            partial void OnClusterJoinArguments(List<string> args) => args.Add("--address=1.2.3.4");

            /// <summary>The CA certificate every unit shares.</summary>
            [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

            [On(JujuEventKind.ConfigChanged)]
            private void Configure(ConfigChangedEvent e) => Unit.Status = Status.Active(CaCert is null ? "no CA yet" : "configured");
        }
        """;

    /// <summary>A consumer and a provider on one class, with the consumer's tuning set.</summary>
    public const string ConsumerAndProvider = Usings + """
        namespace Demo;

        /// <summary>Both sides at once (a test double for a combined charm).</summary>
        [TokenDistributorConsumer("microcluster-cluster", "microctl", TokenLifetimeSeconds = 3600, CliTimeoutSeconds = 30)]
        [TokenDistributorProvider("distributor")]
        public partial class CombinedCharm : CharmBase
        {
            partial void OnMicroclusterClusterBootstrapArguments(List<string> args) => args.Add("--bootstrap-flag");

            partial void OnMicroclusterClusterTokenGenerated(TokenGeneratedEvent e) => Log.Info("token for " + e.HostName);
        }
        """;

    /// <summary>Two consumers on different relations, each with hooks and a mirror key naming its relation.</summary>
    public const string TwoConsumers = Usings + """
        namespace Demo;

        /// <summary>A charm that forms two clusters.</summary>
        [TokenDistributorConsumer("ovn-cluster", "microovn", "cluster")]
        [TokenDistributorConsumer("ceph_cluster", "microceph", "cluster")]
        public sealed partial class TwoClusterCharm : CharmBase
        {
            partial void OnOvnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active("ovn joined");

            partial void OnCephClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active("ceph joined");

            partial void OnCephClusterPreBootstrap(ClusterPreBootstrapEvent e) => Log.Info("bootstrapping ceph");

            /// <summary>The OVN CA.</summary>
            [MirrorKey("ca-cert", Relation = "ovn-cluster")] public partial string? OvnCa { get; set; }

            /// <summary>The Ceph CA.</summary>
            [MirrorKey("ca-cert", Relation = "ceph_cluster")] public partial string? CephCa { get; set; }
        }
        """;

    /// <summary>A charm nested in a class and a record, in a nested namespace.</summary>
    public const string Nested = Usings + """
        namespace Demo.Charms
        {
            /// <summary>Holds charms.</summary>
            public static partial class Outer
            {
                /// <summary>A record that holds a charm.</summary>
                public partial record Holder
                {
                    /// <summary>The nested charm.</summary>
                    [TokenDistributorConsumer("cluster", "microctl")]
                    internal sealed partial class InnerCharm : CharmBase
                    {
                        partial void OnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");
                    }
                }
            }
        }
        """;

    /// <summary>Mirror keys of both nullabilities and accessor shapes.</summary>
    public const string MirrorKeys = Usings + """
        namespace Demo;

        /// <summary>A charm that mirrors extra values.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class MirrorCharm : CharmBase
        {
            /// <summary>Nullable, read-write.</summary>
            [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

            /// <summary>Non-nullable (empty when absent), with a private setter.</summary>
            [MirrorKey("api-endpoint")] public partial string ApiEndpoint { get; private set; }

            /// <summary>Read-only, internal.</summary>
            [MirrorKey("cluster-name", Relation = "cluster")] internal partial string? ClusterName { get; }

            /// <summary>Publishes the endpoint.</summary>
            public void Publish(string address) => ApiEndpoint = address;
        }
        """;

    /// <summary><c>[On]</c> handlers of every shape the generator wires.</summary>
    public const string OnHandlers = Usings + """
        namespace Demo;

        /// <summary>A charm with compile-time wired handlers.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class HandlerCharm : CharmBase
        {
            [On(JujuEventKind.ConfigChanged)]
            private void Configure(ConfigChangedEvent e) => Unit.Status = Status.Active("configured");

            [On(JujuEventKind.RelationChanged, "cluster")]
            [On(JujuEventKind.RelationDeparted, "peers")]
            private void OnRelation(RelationEvent e) => Log.Info("relation event on " + e.Relation.Endpoint);

            [On(JujuEventKind.Install)]
            private static void Setup()
            {
            }

            [On(JujuEventKind.UpdateStatus)]
            private void Refresh(HookEvent e) => Log.Debug(e.Name);
        }
        """;

    /// <summary>
    /// A charm with an action handler and secret handlers: an action's event key is <c>EventKey.Action(name)</c> and its
    /// observer id names <c>actions/&lt;name&gt;</c> (the framework's hook name of an action); HandledHooks leaves it out.
    /// </summary>
    public const string ActionAndSecretHandlers = Usings + """
        namespace Demo;

        /// <summary>A charm with an action and secret handlers.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class ActionCharm : CharmBase
        {
            [On(JujuEventKind.Action, "list-members")]
            private void ListMembers(ActionEvent e) => e.SetResult("members", "none");

            [On(JujuEventKind.Action, "restart")]
            private static void Restart()
            {
            }

            [On(JujuEventKind.SecretChanged)]
            [On(JujuEventKind.SecretRotate)]
            private void OnSecret(SecretEvent e) => Log.Info("secret event for " + e.Secret.Id);
        }
        """;

    /// <summary>An executable with one provider-only charm and no <c>Main</c>: the generator adds the entry point.</summary>
    public const string EntryPoint = Usings + """
        namespace Distributor;

        /// <summary>The token distributor charm.</summary>
        [TokenDistributorProvider("microcluster-cluster")]
        public sealed partial class DistributorCharm : CharmBase
        {
        }
        """;

    /// <summary>A charm with its own constructor, which calls the generated initialiser.</summary>
    public const string UserConstructor = Usings + """
        namespace Demo;

        /// <summary>A charm that constructs itself.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class ConstructedCharm : CharmBase
        {
            private readonly string _greeting;

            /// <summary>Creates the charm.</summary>
            public ConstructedCharm(Charm.Framework.Dispatch.CharmContext context)
                : base(context)
            {
                _greeting = "hello";
                InitializeTokenDistributor();
                Cluster.Consumer.JoinArguments ??= () => [_greeting];
            }
        }
        """;

    /// <summary>The cases the snapshot and compile tests cover, with the output kind each is built as.</summary>
    public static IReadOnlyDictionary<string, (string Source, OutputKind Kind)> Cases { get; } = new Dictionary<string, (string, OutputKind)>(StringComparer.Ordinal)
    {
        [nameof(Consumer)] = (Consumer, OutputKind.DynamicallyLinkedLibrary),
        [nameof(ConsumerAndProvider)] = (ConsumerAndProvider, OutputKind.DynamicallyLinkedLibrary),
        [nameof(TwoConsumers)] = (TwoConsumers, OutputKind.DynamicallyLinkedLibrary),
        [nameof(Nested)] = (Nested, OutputKind.DynamicallyLinkedLibrary),
        [nameof(MirrorKeys)] = (MirrorKeys, OutputKind.DynamicallyLinkedLibrary),
        [nameof(OnHandlers)] = (OnHandlers, OutputKind.DynamicallyLinkedLibrary),
        [nameof(ActionAndSecretHandlers)] = (ActionAndSecretHandlers, OutputKind.DynamicallyLinkedLibrary),
        [nameof(EntryPoint)] = (EntryPoint, OutputKind.ConsoleApplication),
        [nameof(UserConstructor)] = (UserConstructor, OutputKind.DynamicallyLinkedLibrary),
    };

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> CaseNames => [.. Cases.Keys];
}
