using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// Compiles charms with the generator into real assemblies, loads them, and runs hooks through Charm.Testing: the
/// generated wiring drives the real consumer and provider, and the user's partial methods and handlers run.
/// </summary>
public sealed class EndToEndTests
{
    private const string Token = "eyJ0b2tlbiI6InNlY3JldCJ9";
    private const string HostName = "juju-machine-1";

    private static readonly CharmMetadata ConsumerMetadata = new([new EndpointSpec("cluster", EndpointRole.Requires, "microcluster-token-distributor")]);

    [Fact]
    public void The_consumer_joins_with_the_mirrored_token_and_runs_the_users_partial_methods()
    {
        using var charm = CompiledCharm.Build(CharmSources.Consumer, "Demo.MicroOvnCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microovn/1") { ProcessRunner = new RecordingProcessRunner(MicroOvn) };
        var relation = DistributorRelation(("mirror-" + HostName, Token));

        var result = context.Run(Hook.RelationChanged(relation, 0), new State { HostName = HostName }.WithRelation(relation)).EnsureSuccess();

        var join = Assert.Single(result.ProcessCalls, c => c.Arguments.Contains("join"));
        Assert.Equal("microovn", join.FileName);
        // The generated JoinArguments wiring appended what the user's OnClusterJoinArguments added.
        Assert.Equal(["cluster", "join", Token, "--address=1.2.3.4"], join.Arguments);

        var prejoin = result.EmittedEvents.ToList().IndexOf("cluster-prejoin");
        var joined = result.EmittedEvents.ToList().IndexOf("cluster-joined");
        Assert.True(prejoin >= 0 && joined > prejoin, "Events: " + string.Join(", ", result.EmittedEvents));

        // OnClusterJoined ran after the library contributed "Joined cluster", and its direct set is the hook's last word:
        // the contribution was dropped, so it cost no status-set.
        Assert.Equal(Status.Active("joined"), result.Output.UnitStatus);
        Assert.DoesNotContain(Status.Active("Joined cluster"), result.UnitStatusHistory);
        Assert.DoesNotContain(result.Logs, l => l.Message.Contains(Token, StringComparison.Ordinal));
        Assert.Contains(result.Logs, l => l.Message.Contains("about to join", StringComparison.Ordinal));
    }

    [Fact]
    public void The_on_handler_and_the_mirror_key_property_read_the_mirror()
    {
        using var charm = CompiledCharm.Build(CharmSources.Consumer, "Demo.MicroOvnCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microovn/1") { ProcessRunner = new RecordingProcessRunner(MicroOvn) };

        var without = context.Run(Hook.ConfigChanged, new State { HostName = HostName }.WithRelation(DistributorRelation())).EnsureSuccess();
        var with = context.Run(Hook.ConfigChanged, new State { HostName = HostName }.WithRelation(DistributorRelation(("mirror-ca-cert", "-----BEGIN CERTIFICATE-----")))).EnsureSuccess();

        Assert.Equal(Status.Active("no CA yet"), without.Output.UnitStatus);
        Assert.Equal(Status.Active("configured"), with.Output.UnitStatus);
        Assert.Contains("config-changed", with.EmittedEvents);
    }

    [Fact]
    public void The_generated_surface_and_handled_hooks_are_usable_from_outside()
    {
        using var charm = CompiledCharm.Build(CharmSources.Consumer, "Demo.MicroOvnCharm");
        CharmBase? built = null;
        var context = new Context(ctx => built = charm.Factory(ctx), ConsumerMetadata, "microovn/1") { ProcessRunner = new RecordingProcessRunner(MicroOvn) };
        var relation = DistributorRelation(("mirror-" + HostName, Token), ("mirror-juju-machine-2", "empty"), ("mirror-ca-cert", "CERT"));

        context.Run(Hook.UpdateStatus, new State { HostName = HostName }.WithRelation(relation)).EnsureSuccess();

        // Reflection in the test only: the charm itself never reflects.
        var surface = charm.Type.GetProperty("Cluster")!.GetValue(built)!;
        var tokenFor = surface.GetType().GetMethod("TokenFor")!;
        Assert.Equal(Token, tokenFor.Invoke(surface, [HostName]));
        Assert.Null(tokenFor.Invoke(surface, ["juju-machine-2"]));
        Assert.Null(tokenFor.Invoke(surface, ["juju-machine-9"]));
        Assert.Equal(["ca-cert", HostName, "juju-machine-2"], (IReadOnlyList<string>)surface.GetType().GetProperty("MirroredKeys")!.GetValue(surface)!);
        Assert.Equal([HostName, "juju-machine-2"], (IReadOnlyList<string>)surface.GetType().GetProperty("HostNames")!.GetValue(surface)!);
        Assert.Equal(false, surface.GetType().GetProperty("InCluster")!.GetValue(surface));
        Assert.Equal("CERT", charm.Type.GetProperty("CaCert")!.GetValue(built));

        Assert.Equal(["cluster-relation-changed", "cluster-relation-created", "cluster-relation-joined", "config-changed", "install", "remove", "update-status"], HandledHooks(charm));
    }

    [Fact]
    public void Handled_hooks_list_the_library_hooks_and_the_handlers_in_ordinal_order()
    {
        using var charm = CompiledCharm.Build(CharmSources.OnHandlers, "Demo.HandlerCharm");

        string[] expected =
        [
            "cluster-relation-changed",
            "cluster-relation-created",
            "cluster-relation-joined",
            "config-changed",
            "install",
            "peers-relation-departed",
            "remove",
            "update-status",
        ];
        Assert.Equal(expected, HandledHooks(charm));
    }

    [Fact]
    public void Handled_hooks_of_a_consumer_and_provider_are_what_the_runtime_says_each_role_observes()
    {
        using var charm = CompiledCharm.Build(CharmSources.ConsumerAndProvider, "Demo.CombinedCharm");

        // The runtime owns which hooks each role observes (its constructors observe exactly ObservedEvents); the
        // generated list is made from it, and these are its values.
        var consumer = TokenConsumer.ObservedEvents("microcluster-cluster").Select(k => k.HookName);
        var provider = TokenDistributorProvider.ObservedEvents("distributor").Select(k => k.HookName);
        Assert.Equal(consumer.Concat(provider).Distinct().Order(StringComparer.Ordinal), HandledHooks(charm));
        Assert.Equal(
            [
                "distributor-relation-changed",
                "distributor-relation-created",
                "distributor-relation-departed",
                "install",
                "leader-elected",
                "leader-settings-changed",
                "microcluster-cluster-relation-changed",
                "microcluster-cluster-relation-created",
                "microcluster-cluster-relation-joined",
                "remove",
                "update-status",
            ],
            HandledHooks(charm));
    }

    private const string PublishingCharm = """
        using Charm.Framework;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;

        namespace Demo;

        /// <summary>Publishes its API address from the unit the distributor mirrors.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class PublishingCharm : CharmBase
        {
            /// <summary>The API address.</summary>
            [MirrorKey("api-address")] public partial string? ApiAddress { get; set; }

            [On(JujuEventKind.ConfigChanged)]
            private void Configure() => ApiAddress = Model.Config.GetString("address") ?? "";

            [On(JujuEventKind.UpdateStatus)]
            private void Refresh()
            {
                if (Cluster.PublishesMirror)
                {
                    ApiAddress = "10.0.0.7:6443";
                }
            }
        }
        """;

    [Fact]
    public void The_mirror_key_setter_publishes_from_the_unit_the_distributor_mirrors()
    {
        // The distributor copies mirror-* values only from units whose 'mirror' is 'up' (the communicator): the seed
        // provider's _handle_mirror, and ours.
        using var charm = CompiledCharm.Build(PublishingCharm, "Demo.PublishingCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microctl/0");
        var relation = DistributorRelation().WithLocalUnitData([new("mirror", "up")]);
        var state = new State { HostName = HostName, Config = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, ConfigValue>("address", ConfigValue.FromString("10.0.0.7:6443"))]) };

        var result = context.Run(Hook.ConfigChanged, state.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("10.0.0.7:6443", result.Output.GetRelation(relation.Id).LocalUnitData["mirror-api-address"]);
    }

    [Fact]
    public void The_mirror_key_setter_refuses_a_write_no_other_unit_would_see()
    {
        using var charm = CompiledCharm.Build(PublishingCharm, "Demo.PublishingCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microctl/1");
        var address = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, ConfigValue>("address", ConfigValue.FromString("10.0.0.8:6443"))]);

        // Not the communicator (its mirror is down): the distributor would never copy the value.
        var notCommunicator = context.Run(Hook.ConfigChanged, new State { HostName = HostName, Config = address }.WithRelation(DistributorRelation().WithLocalUnitData([new("mirror", "down")])));
        // No relation yet.
        var noRelation = context.Run(Hook.ConfigChanged, new State { HostName = HostName, Config = address });
        // An empty value: a mirrored value cannot be withdrawn.
        var empty = context.Run(Hook.ConfigChanged, new State { HostName = HostName }.WithRelation(DistributorRelation().WithLocalUnitData([new("mirror", "up")])));

        var refused = Assert.IsType<InvalidOperationException>(notCommunicator.Error);
        Assert.Contains("the distributor mirrors values only from the communicator", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PublishesMirror", refused.Message, StringComparison.Ordinal);
        Assert.Contains("there is no 'cluster' relation", Assert.IsType<InvalidOperationException>(noRelation.Error).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be withdrawn", Assert.IsType<ArgumentException>(empty.Error).Message, StringComparison.Ordinal);
        foreach (var failed in new[] { notCommunicator, empty })
        {
            Assert.False(failed.Succeeded);
            Assert.DoesNotContain(failed.Output.Relations.SelectMany(r => r.LocalUnitData.Keys), k => k == "mirror-api-address");
        }
    }

    [Fact]
    public void A_handler_checking_PublishesMirror_sets_the_value_only_where_it_is_mirrored()
    {
        using var charm = CompiledCharm.Build(PublishingCharm, "Demo.PublishingCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microctl/0") { ProcessRunner = new RecordingProcessRunner(Microctl) };

        var communicator = context.Run(Hook.UpdateStatus, new State { HostName = "juju-machine-0" }.WithRelation(DistributorRelation().WithLocalUnitData([new("mirror", "up")]))).EnsureSuccess();
        var other = context.Run(Hook.UpdateStatus, new State { HostName = HostName }.WithRelation(DistributorRelation())).EnsureSuccess();

        Assert.Equal("10.0.0.7:6443", communicator.Output.GetRelation(3).LocalUnitData["mirror-api-address"]);
        Assert.False(other.Output.GetRelation(3).LocalUnitData.ContainsKey("mirror-api-address"));
    }

    [Fact]
    public void Renaming_a_handler_keeps_the_events_it_deferred()
    {
        const string Version = """
            using Charm.Framework;
            using Charm.Framework.Events;
            using Charm.Framework.Model;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Defers config-changed until the leader has settled.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class DeferringCharm : CharmBase
            {
                [On(JujuEventKind.ConfigChanged)]
                private void HANDLER(ConfigChangedEvent e)
                {
                    if (!Unit.IsLeader)
                    {
                        e.Defer();
                        return;
                    }

                    Unit.Status = Status.Active("configured by HANDLER");
                }
            }
            """;
        using var before = CompiledCharm.Build(Version.Replace("HANDLER", "Configure", StringComparison.Ordinal), "Demo.DeferringCharm");
        using var after = CompiledCharm.Build(Version.Replace("HANDLER", "ApplyConfiguration", StringComparison.Ordinal), "Demo.DeferringCharm");

        var deferred = new Context(before.Factory, ConsumerMetadata, "microctl/0").Run(Hook.ConfigChanged, new State { HostName = HostName }).EnsureSuccess();
        var notice = Assert.Single(deferred.Output.Deferred);
        Assert.Equal("DeferringCharm/config-changed", notice.ObserverId);

        // The upgraded charm, with the handler renamed, gets the deferred event back at the start of the next hook.
        var next = new Context(after.Factory, ConsumerMetadata, "microctl/0").Run(Hook.UpdateStatus, deferred.Output with { Leader = true, HostName = HostName }).EnsureSuccess();

        Assert.Empty(next.Output.Deferred);
        Assert.Equal(Status.Active("configured by ApplyConfiguration"), next.Output.UnitStatus);
        Assert.DoesNotContain(next.Logs, l => l.Message.Contains("Dropping deferred", StringComparison.Ordinal));
    }

    [Fact]
    public void An_on_action_handler_answers_the_action_and_an_on_secret_handler_gets_the_secret()
    {
        // Juju dispatches an action as actions/<name> (the framework's EventKey.Action) and secret-changed with the
        // secret's id in the environment; the generated wiring must route both to the [On] handlers.
        const string Source = """
            using Charm.Framework;
            using Charm.Framework.Events;
            using Charm.Framework.Model;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Answers an action and reports secret changes.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class ActionCharm : CharmBase
            {
                [On(JujuEventKind.Action, "echo")]
                private void Echo(ActionEvent e) => e.SetResult("said", e.Parameters.GetRequiredString("text"));

                [On(JujuEventKind.SecretChanged)]
                private void OnSecret(SecretEvent e) => Unit.Status = Status.Active("secret " + e.Secret.Id);
            }
            """;
        using var charm = CompiledCharm.Build(Source, "Demo.ActionCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microctl/0");

        var action = context.RunAction("echo", new State(), new Dictionary<string, object?> { ["text"] = "hello" }).EnsureSuccess();
        Assert.Equal(new Dictionary<string, string> { ["said"] = "hello" }, action.Action!.Results);
        Assert.DoesNotContain("actions/echo", HandledHooks(charm));
        Assert.Contains("secret-changed", HandledHooks(charm));

        var secret = SecretState.Create("secret:abc", new Dictionary<string, string> { ["k"] = "v" });
        var changed = context.Run(Hook.SecretChanged(secret), new State().WithSecret(secret)).EnsureSuccess();
        Assert.Equal(Status.Active("secret secret:abc"), changed.Output.UnitStatus);
    }

    [Fact]
    public void An_on_storage_handler_gets_the_storage_juju_names()
    {
        // Juju dispatches <name>-storage-attached/-detaching with JUJU_STORAGE_ID and JUJU_STORAGE_LOCATION (juju/juju's
        // uniter HookVars); the generated wiring routes each to the [On] handler of that storage name, and no other.
        const string Source = """
            using Charm.Framework;
            using Charm.Framework.Events;
            using Charm.Framework.Model;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Reports where its data storage is.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class StorageCharm : CharmBase
            {
                [On(JujuEventKind.StorageAttached, "data")]
                private void OnData(StorageEvent e) => Unit.Status = Status.Active("data at " + e.Storage.Location);

                [On(JujuEventKind.StorageDetaching, "data")]
                private void OnDataLeaving(StorageDetachingEvent e) => Unit.Status = Status.Maintenance("releasing " + e.Storage.Id);
            }
            """;
        using var charm = CompiledCharm.Build(Source, "Demo.StorageCharm");
        var context = new Context(charm.Factory, ConsumerMetadata, "microctl/0");
        var data = new StorageState("data/0", "/srv/data");
        var logs = new StorageState("logs/0", "/srv/logs");

        Assert.Equal(Status.Active("data at /srv/data"), context.Run(Hook.StorageAttached(data), new State().WithStorage(data)).EnsureSuccess().Output.UnitStatus);
        Assert.Equal(Status.Maintenance("releasing data/0"), context.Run(Hook.StorageDetaching(data), new State().WithStorage(data)).EnsureSuccess().Output.UnitStatus);
        Assert.Equal(Status.Unknown, context.Run(Hook.StorageAttached(logs), new State().WithStorage(logs)).EnsureSuccess().Output.UnitStatus);
        Assert.Contains("data-storage-attached", HandledHooks(charm));
        Assert.Contains("data-storage-detaching", HandledHooks(charm));
    }

    [Fact]
    public void The_provider_mirrors_the_consumers_host_names_on_the_leader()
    {
        using var charm = CompiledCharm.Build(CharmSources.EntryPoint, "Distributor.DistributorCharm", OutputKind.ConsoleApplication);
        var metadata = new CharmMetadata([new EndpointSpec("microcluster-cluster", EndpointRole.Provides, "microcluster-token-distributor")]);
        var context = new Context(charm.Factory, metadata, "distributor/0");
        var relation = new RelationState("microcluster-cluster", 4, "microovn")
            .WithRemoteUnit(0, [new("hostname", "juju-machine-0")])
            .WithRemoteUnit(1, [new("hostname", HostName)]);

        var result = context.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(4).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        Assert.Equal("empty", own["mirror-juju-machine-0"]);
        Assert.Equal("empty", own["mirror-" + HostName]);
    }

    [Theory]
    [InlineData(" IsolateRelations = true", true)]
    [InlineData(" IsolateRelations = false", false)]
    [InlineData("", false)]
    public void The_attributes_IsolateRelations_reaches_the_provider(string named, bool isolated)
    {
        // v0.8's provider merges the mirror of every relation of its endpoint and writes it to each
        // (_collect_cross_relation_mirror); IsolateRelations = true must reach the runtime and keep the relations apart.
        var source = """
            using Charm.Framework;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>A distributor for two workloads.</summary>
            [TokenDistributorProvider("microcluster-cluster"NAMED)]
            public sealed partial class IsolatingCharm : CharmBase
            {
            }
            """.Replace("NAMED", named.Length == 0 ? "" : "," + named, StringComparison.Ordinal);
        using var charm = CompiledCharm.Build(source, "Demo.IsolatingCharm");
        var metadata = new CharmMetadata([new EndpointSpec("microcluster-cluster", EndpointRole.Provides, "microcluster-token-distributor")]);
        var context = new Context(charm.Factory, metadata, "distributor/0");
        var ovn = new RelationState("microcluster-cluster", 4, "microovn").WithRemoteUnit(0, [new("hostname", "ovn-0")]);
        var ceph = new RelationState("microcluster-cluster", 5, "microceph").WithRemoteUnit(0, [new("hostname", "ceph-0")]);

        var result = context.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(ovn).WithRelation(ceph)).EnsureSuccess();

        var onOvn = result.Output.GetRelation(4).LocalUnitData;
        var onCeph = result.Output.GetRelation(5).LocalUnitData;
        Assert.Equal("empty", onOvn["mirror-ovn-0"]);
        Assert.Equal("empty", onCeph["mirror-ceph-0"]);
        Assert.Equal(!isolated, onOvn.ContainsKey("mirror-ceph-0"));
        Assert.Equal(!isolated, onCeph.ContainsKey("mirror-ovn-0"));
        Assert.Equal(isolated ? "microceph" : "microovn", result.Output.GetRelation(5).LocalAppData["bootstrap-app"]);
    }

    [Fact]
    public void The_generated_main_dispatches_and_reports_a_missing_juju_environment()
    {
        using var charm = CompiledCharm.Build(CharmSources.EntryPoint, "Distributor.DistributorCharm", OutputKind.ConsoleApplication);
        var main = charm.Assembly.EntryPoint;

        Assert.NotNull(main);
        Assert.Equal("Distributor.CharmProgram", main.DeclaringType!.FullName);
        if (Environment.GetEnvironmentVariable("JUJU_DISPATCH_PATH") is null)
        {
            var error = Console.Error;
            try
            {
                Console.SetError(TextWriter.Null);
                Assert.Equal(Dispatcher.ExitEnvironmentError, main.Invoke(null, null));
            }
            finally
            {
                Console.SetError(error);
            }
        }
    }

    /// <summary>The distributor's leader (remote unit 0) as a mirror holding <paramref name="mirrored"/>.</summary>
    private static RelationState DistributorRelation(params (string Key, string Value)[] mirrored)
        => new RelationState("cluster", 3, "distributor")
            .WithRemoteUnit(0, [new("mirror", "up"), .. mirrored.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))]);

    /// <summary>A fake <c>microctl</c>: nothing is a member yet.</summary>
    private static ProcessResult Microctl(ProcessSpec spec) => new(0, spec.Arguments.Contains("list") ? "[]" : "", "");

    /// <summary>A fake <c>microovn cluster</c>: every command succeeds; <c>list</c> shows two online voters.</summary>
    private static ProcessResult MicroOvn(ProcessSpec spec)
        => spec.Arguments.Contains("list")
            ? new ProcessResult(0, """
                [{"name":"juju-machine-0","address":"10.0.0.1:6443","role":"voter","status":"ONLINE"},
                 {"name":"juju-machine-1","address":"10.0.0.2:6443","role":"voter","status":"ONLINE"}]
                """, "")
            : new ProcessResult(0, "", "");

    /// <summary>A charm source compiled with the generator and loaded into its own collectible load context.</summary>
    /// <summary>The generated static <c>HandledHooks</c> (reflection in the test only).</summary>
    private static IReadOnlyList<string> HandledHooks(CompiledCharm charm)
        => (IReadOnlyList<string>)charm.Type.GetProperty("HandledHooks", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    internal sealed class CompiledCharm : IDisposable
    {
        private readonly AssemblyLoadContext _loadContext;

        private CompiledCharm(AssemblyLoadContext loadContext, Assembly assembly, Type type)
        {
            _loadContext = loadContext;
            Assembly = assembly;
            Type = type;
        }

        public Assembly Assembly { get; }

        public Type Type { get; }

        /// <summary>Builds the charm through its generated <c>(CharmContext)</c> constructor (reflection in the test only).</summary>
        public CharmBase Factory(CharmContext context) => (CharmBase)Activator.CreateInstance(Type, context)!;

        public static CompiledCharm Build(string source, string typeName, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, IEnumerable<AdditionalText>? additionalTexts = null)
        {
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], kind, "Charm" + Guid.NewGuid().ToString("N")), additionalTexts);
            GeneratorHarness.AssertBuildsClean(run.Output);
            using var image = new MemoryStream();
            var emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            image.Position = 0;

            // Charm.Framework and Charm.TokenDistributor resolve from the default context: the test's own copies.
            var loadContext = new AssemblyLoadContext("charm-under-test", isCollectible: true);
            var assembly = loadContext.LoadFromStream(image);
            return new CompiledCharm(loadContext, assembly, assembly.GetType(typeName, throwOnError: true)!);
        }

        public void Dispose() => _loadContext.Unload();
    }
}
