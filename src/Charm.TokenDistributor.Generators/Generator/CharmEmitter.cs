using System;
using System.Collections.Generic;
using System.Globalization;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// <see cref="CharmSpec"/> → source text. Pure: it sees only the spec, writes types with <c>global::</c> names so the
/// charm's own usings and member names cannot change their meaning, and orders everything deterministically.
/// </summary>
internal static class CharmEmitter
{
    private const string CharmContext = "global::Charm.Framework.Dispatch.CharmContext";
    private const string TokenConsumer = "global::Charm.TokenDistributor.Consumer.TokenConsumer";
    private const string TokenConsumerOptions = "global::Charm.TokenDistributor.Consumer.TokenConsumerOptions";
    private const string TokenDistributorProvider = "global::Charm.TokenDistributor.Provider.TokenDistributorProvider";
    private const string ClusterCommand = "global::Charm.TokenDistributor.Cli.ClusterCommand";
    private const string EventKey = "global::Charm.Framework.Events.EventKey";
    private const string EventsNamespace = "global::Charm.Framework.Events.";
    private const string ClusterEventsNamespace = "global::Charm.TokenDistributor.Events.";
    private const string ObservedHooks = "global::Charm.TokenDistributor.ObservedHooks";
    private const string StringList = "global::System.Collections.Generic.List<string>";
    private const string ReadOnlyStringList = "global::System.Collections.Generic.IReadOnlyList<string>";
    private const string InitializedField = "__tokenDistributorInitialized";

    /// <summary>The generated source for one charm.</summary>
    public static string Emit(CharmSpec charm)
    {
        var writer = new SourceWriter();
        WriteHeader(writer);
        if (charm.Namespace.Length > 0)
        {
            writer.Line("namespace " + charm.Namespace);
            writer.OpenBrace();
        }

        foreach (var outer in charm.ContainingTypes)
        {
            writer.Line("partial " + outer.Keyword + " " + Identifier(outer.Name));
            writer.OpenBrace();
        }

        writer.Line("partial class " + Identifier(charm.Name));
        writer.OpenBrace();
        WriteMembers(writer, charm);
        writer.CloseBrace();

        foreach (var _ in charm.ContainingTypes)
        {
            writer.CloseBrace();
        }

        if (charm.Namespace.Length > 0)
        {
            writer.CloseBrace();
        }

        return writer.ToString();
    }

    /// <summary>The generated entry point.</summary>
    public static string EmitEntryPoint(EntryPointSpec entryPoint)
    {
        var writer = new SourceWriter();
        WriteHeader(writer);
        if (entryPoint.Namespace.Length > 0)
        {
            writer.Line("namespace " + entryPoint.Namespace);
            writer.OpenBrace();
        }

        writer.Line("/// <summary>");
        writer.Line("/// The charm's entry point, generated because this executable has one token distributor charm and no <c>Main</c>:");
        writer.Line("/// Juju runs the binary through <c>dispatch</c> once per hook.");
        writer.Line("/// </summary>");
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        writer.Line("internal static class " + KnownNames.EntryPointClass);
        writer.OpenBrace();
        writer.Line("/// <summary>Runs the hook Juju dispatched and returns the exit code Juju reads.</summary>");
        writer.Line("/// <returns>0 when the hook succeeded; see <see cref=\"global::Charm.Framework.Dispatch.Dispatcher\"/> for the others.</returns>");
        writer.Line("public static int Main() => global::Charm.Framework.Dispatch.Dispatcher.Run(static context => new " + entryPoint.CharmFullyQualifiedName + "(context));");
        writer.CloseBrace();

        if (entryPoint.Namespace.Length > 0)
        {
            writer.CloseBrace();
        }

        return writer.ToString();
    }

    /// <summary>
    /// The arguments of the generated <c>HandledHooks</c>' call to <c>ObservedHooks.Names</c>: each consumer's and
    /// provider's <c>ObservedEvents</c> (the runtime says which hooks each role observes), then the <c>[On]</c> handlers' events.
    /// </summary>
    private static List<string> HandledHookSources(CharmSpec charm)
    {
        var sources = new List<string>();
        foreach (var consumer in charm.Consumers)
        {
            sources.Add(TokenConsumer + ".ObservedEvents(" + Literal(consumer.Relation) + ")");
        }

        foreach (var provider in charm.Providers)
        {
            sources.Add(TokenDistributorProvider + ".ObservedEvents(" + Literal(provider.Relation) + ")");
        }

        if (!charm.Handlers.IsEmpty)
        {
            var keys = new List<string>(charm.Handlers.Count);
            foreach (var handler in charm.Handlers)
            {
                keys.Add(EventKeyOf(handler));
            }

            sources.Add("new " + EventKey + "[] { " + string.Join(", ", keys) + " }");
        }

        return sources;
    }

    /// <summary>The <c>EventKey</c> expression of a handler's event, e.g. <c>EventKey.RelationChanged("peers")</c>.</summary>
    private static string EventKeyOf(HandlerSpec handler)
        => EventKinds.IsRelationEvent(handler.Kind)
            ? EventKey + "." + EventKinds.Name(handler.Kind) + "(" + Literal(handler.Endpoint ?? string.Empty) + ")"
            : EventKey + "." + EventKinds.Name(handler.Kind);

    private static void WriteHeader(SourceWriter writer)
    {
        writer.Line("// <auto-generated/>");
        writer.Line("#nullable enable");
        writer.Line();
    }

    private static void WriteMembers(SourceWriter writer, CharmSpec charm)
    {
        var name = Identifier(charm.Name);
        var first = true;
        void Separate()
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
        }

        if (!charm.HasUserConstructor)
        {
            Separate();
            writer.Line("/// <summary>Creates the charm for this hook and wires its token distributor relations and <c>[On]</c> handlers.</summary>");
            writer.Line("/// <param name=\"context\">What the charm is constructed with.</param>");
            writer.Line("/// <remarks>Generated because the class declares no constructor. A class that declares one calls <see cref=\"" + KnownNames.InitializeMethod + "\"/> from it instead.</remarks>");
            writer.Line(GeneratorInfo.GeneratedCodeAttribute);
            writer.Line((charm.IsAbstract ? "protected " : "public ") + name + "(" + CharmContext + " context)");
            writer.PushIndent().Line(": base(context)").PopIndent();
            writer.OpenBrace();
            writer.Line("this." + KnownNames.InitializeMethod + "();");
            writer.CloseBrace();
        }

        Separate();
        writer.Line("/// <summary>");
        writer.Line("/// The hooks this charm reacts to: those the token distributor library observes for each relation (the library's");
        writer.Line("/// <c>ObservedEvents</c>) and the <c>[On]</c> handlers' events. Ordinal order.");
        writer.Line("/// </summary>");
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        writer.Line("public static " + (charm.HidesBaseCharmMembers ? "new " : string.Empty) + ReadOnlyStringList + " " + KnownNames.HandledHooksProperty + " { get; } = " + ObservedHooks + ".Names(");
        writer.PushIndent();
        var sources = HandledHookSources(charm);
        for (var i = 0; i < sources.Count; i++)
        {
            writer.Line(sources[i] + (i == sources.Count - 1 ? ");" : ","));
        }

        writer.PopIndent();

        foreach (var consumer in charm.Consumers)
        {
            Separate();
            writer.Line("/// <summary>The token distributor consumer on the <c>" + Xml(consumer.Relation) + "</c> relation: cluster membership and the mirror.</summary>");
            writer.Line(GeneratorInfo.GeneratedCodeAttribute);
            writer.Line("public " + Naming.SurfaceClassName(consumer.PropertyName) + " " + consumer.PropertyName + " { get; private set; }");
        }

        foreach (var provider in charm.Providers)
        {
            Separate();
            writer.Line("/// <summary>The token distributor (the mirror) on the <c>" + Xml(provider.Relation) + "</c> relation.</summary>");
            writer.Line(GeneratorInfo.GeneratedCodeAttribute);
            writer.Line("public " + TokenDistributorProvider + " " + provider.PropertyName + " { get; private set; }");
        }

        Separate();
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        writer.Line("private bool " + InitializedField + ";");

        Separate();
        WriteInitialize(writer, charm);

        foreach (var consumer in charm.Consumers)
        {
            foreach (var hook in Naming.ConsumerHooks)
            {
                Separate();
                WriteHookDeclaration(writer, consumer, hook);
            }
        }

        foreach (var mirrorKey in charm.MirrorKeys)
        {
            Separate();
            WriteMirrorKey(writer, mirrorKey);
        }

        foreach (var consumer in charm.Consumers)
        {
            Separate();
            WriteSurface(writer, consumer);
        }
    }

    private static void WriteInitialize(SourceWriter writer, CharmSpec charm)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Creates the token distributor consumers and providers, subscribes the <c>partial</c> hook methods the class");
        writer.Line("/// implements and observes the <c>[On]</c> handlers. Call it exactly once, from every constructor the class declares");
        writer.Line("/// (the generated constructor does, when the class declares none).");
        writer.Line("/// </summary>");
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">It was already called for this charm.</exception>");
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        var initialized = new List<string>();
        foreach (var consumer in charm.Consumers)
        {
            initialized.Add("nameof(" + consumer.PropertyName + ")");
        }

        foreach (var provider in charm.Providers)
        {
            initialized.Add("nameof(" + provider.PropertyName + ")");
        }

        writer.Line("[global::System.Diagnostics.CodeAnalysis.MemberNotNull(" + string.Join(", ", initialized) + ")]");
        writer.Line("private void " + KnownNames.InitializeMethod + "()");
        writer.OpenBrace();
        writer.Line("if (this." + InitializedField + ")");
        writer.OpenBrace();
        writer.Line("throw new global::System.InvalidOperationException(\"" + KnownNames.InitializeMethod + "() was already called for this charm; call it once, from the constructor.\");");
        writer.CloseBrace();
        writer.Line();
        writer.Line("this." + InitializedField + " = true;");

        foreach (var consumer in charm.Consumers)
        {
            WriteConsumerWiring(writer, consumer);
        }

        foreach (var provider in charm.Providers)
        {
            writer.Line("this." + provider.PropertyName + " = new " + TokenDistributorProvider + "(this, " + Literal(provider.Relation) + ");");
        }

        var shared = SharedEvents(charm);
        foreach (var handler in charm.Handlers)
        {
            var eventClass = EventsNamespace + EventKinds.ClassName(handler.Kind);
            var key = EventKeyOf(handler);
            var target = (handler.IsStatic ? string.Empty : "this.") + Identifier(handler.MethodName);
            var callback = handler.TakesEvent ? target : "_ => " + target + "()";
            writer.Line("this.Framework.Observe<" + eventClass + ">(" + key + ", " + Literal(ObserverId(charm, handler, shared)) + ", " + callback + ");");
        }

        writer.CloseBrace();
    }

    /// <summary>
    /// The observer id of an <c>[On]</c> handler, under which a unit stores the events it defers: <c>Class/hook</c>
    /// (e.g. <c>MicroOvnCharm/config-changed</c>), so renaming the method keeps them; only when the class observes the same
    /// event with several methods does the id name the method too (<c>Class/hook/Method</c>; CTD3004 says so).
    /// </summary>
    private static string ObserverId(CharmSpec charm, HandlerSpec handler, HashSet<(EventKind, string?)> shared)
    {
        var id = charm.Name + "/" + EventKinds.HookName(handler.Kind, handler.Endpoint);
        return shared.Contains((handler.Kind, handler.Endpoint)) ? id + "/" + handler.MethodName : id;
    }

    /// <summary>The events the class observes with more than one method.</summary>
    private static HashSet<(EventKind, string?)> SharedEvents(CharmSpec charm)
    {
        var methods = new Dictionary<(EventKind, string?), string>();
        var shared = new HashSet<(EventKind, string?)>();
        foreach (var handler in charm.Handlers)
        {
            var key = (handler.Kind, handler.Endpoint);
            if (methods.TryGetValue(key, out var first))
            {
                if (first != handler.MethodName)
                {
                    shared.Add(key);
                }
            }
            else
            {
                methods[key] = handler.MethodName;
            }
        }

        return shared;
    }

    private static void WriteConsumerWiring(SourceWriter writer, ConsumerSpec consumer)
    {
        var words = new List<string>(consumer.Command.Count);
        foreach (var word in consumer.Command)
        {
            words.Add(Literal(word));
        }

        writer.Line("this." + consumer.PropertyName + " = new " + Naming.SurfaceClassName(consumer.PropertyName) + "(new " + TokenConsumer + "(");
        writer.PushIndent();
        writer.Line("this,");
        writer.Line(Literal(consumer.Relation) + ",");
        writer.Line("new " + ClusterCommand + "(" + string.Join(", ", words) + "),");
        if (consumer.TokenLifetimeSeconds is null && consumer.CliTimeoutSeconds is null)
        {
            writer.Line("null));");
        }
        else
        {
            writer.Line("new " + TokenConsumerOptions);
            writer.OpenBrace();
            if (consumer.TokenLifetimeSeconds is { } lifetime)
            {
                writer.Line("TokenLifetime = global::System.TimeSpan.FromSeconds(" + lifetime.ToString(CultureInfo.InvariantCulture) + "),");
            }

            if (consumer.CliTimeoutSeconds is { } timeout)
            {
                writer.Line("CliTimeout = global::System.TimeSpan.FromSeconds(" + timeout.ToString(CultureInfo.InvariantCulture) + "),");
            }

            writer.CloseBrace("));");
        }

        writer.PopIndent();

        var access = "this." + consumer.PropertyName + ".Consumer.";
        foreach (var hook in consumer.ImplementedHooks)
        {
            var method = "this." + Naming.HookMethodName(consumer.PropertyName, hook);
            switch (hook)
            {
                case ConsumerHook.BootstrapArguments:
                case ConsumerHook.JoinArguments:
                    writer.Line(access + Naming.HookSuffix(hook) + " = () =>");
                    writer.OpenBrace();
                    writer.Line("var arguments = new " + StringList + "();");
                    writer.Line(method + "(arguments);");
                    writer.Line("return arguments;");
                    writer.CloseBrace(";");
                    break;
                default:
                    writer.Line(access + Naming.HookSuffix(hook) + " += " + method + ";");
                    break;
            }
        }
    }

    private static void WriteHookDeclaration(SourceWriter writer, ConsumerSpec consumer, ConsumerHook hook)
    {
        var relation = "the <c>" + Xml(consumer.Relation) + "</c> relation";
        var (summary, parameterType, parameterDoc) = hook switch
        {
            ConsumerHook.PreBootstrap => ("Runs just before this unit bootstraps the cluster over " + relation + "; the workload should be ready.", ClusterEventsNamespace + "ClusterPreBootstrapEvent", "The event."),
            ConsumerHook.Bootstrapped => ("Runs after this unit bootstrapped the cluster over " + relation + " (the joined hook follows).", ClusterEventsNamespace + "ClusterBootstrappedEvent", "The event."),
            ConsumerHook.PreJoin => ("Runs just before this unit joins the cluster with the token mirrored over " + relation + ".", ClusterEventsNamespace + "ClusterPreJoinEvent", "The event."),
            ConsumerHook.Joined => ("Runs once this unit is a cluster member over " + relation + ", by bootstrap or by join.", ClusterEventsNamespace + "ClusterJoinedEvent", "The event; <c>Bootstrapper</c> tells which."),
            ConsumerHook.TokenGenerated => ("Runs on the communicator after it published a join token for a host over " + relation + ".", ClusterEventsNamespace + "TokenGeneratedEvent", "The event; <c>HostName</c> names the host (the token is not exposed)."),
            ConsumerHook.BootstrapArguments => ("Adds extra arguments to the cluster CLI's <c>bootstrap</c> for " + relation + ".", StringList, "The arguments; add to it."),
            _ => ("Adds extra arguments to the cluster CLI's <c>join &lt;token&gt;</c> for " + relation + ".", StringList, "The arguments; add to it."),
        };
        var parameterName = parameterType == StringList ? "args" : "e";
        writer.Line("/// <summary>" + summary + " Implement this partial method to use it.</summary>");
        writer.Line("/// <param name=\"" + parameterName + "\">" + parameterDoc + "</param>");
        writer.Line("partial void " + Naming.HookMethodName(consumer.PropertyName, hook) + "(" + parameterType + " " + parameterName + ");");
    }

    private static void WriteMirrorKey(SourceWriter writer, MirrorKeySpec mirrorKey)
    {
        var surface = "this." + mirrorKey.ConsumerPropertyName;
        var key = Literal(mirrorKey.Key);
        var relation = "<c>" + Xml(mirrorKey.Relation) + "</c>";
        var settable = false;
        foreach (var accessor in mirrorKey.Accessors)
        {
            settable |= accessor.Keyword != "get";
        }

        var documented = false;
        foreach (var line in mirrorKey.Documentation)
        {
            documented |= line.IndexOf("<summary>", StringComparison.Ordinal) >= 0;
            writer.Line("/// " + line);
        }

        if (!documented)
        {
            writer.Line("/// <summary>The value mirrored to every unit as <c>" + Xml(MirrorKeyReader.MirrorPrefix + mirrorKey.Key) + "</c> over the " + relation + " relation.</summary>");
        }

        writer.Line("/// <remarks>");
        writer.Line("/// Generated for <c>[MirrorKey(" + Xml(Literal(mirrorKey.Key)) + ")]</c>: reading gives the value the distributor mirrors to every unit over the");
        writer.Line("/// " + relation + " relation (corroborated across its units), " + (mirrorKey.IsNullable ? "<see langword=\"null\"/>" : "<c>\"\"</c>") + " until it has one.");
        if (settable)
        {
            writer.Line("/// Only the unit the distributor copies mirrored values from may set it: the communicator, the cluster member whose");
            writer.Line("/// own databag says <c>mirror: up</c> (<see cref=\"" + Naming.SurfaceClassName(mirrorKey.ConsumerPropertyName) + ".PublishesMirror\"/>); set anywhere else, the value");
            writer.Line("/// would reach no other unit, so the setter refuses it. A mirrored value cannot be withdrawn (the distributor keeps");
            writer.Line("/// the last one it copied): set another value instead of <see langword=\"null\"/> or <c>\"\"</c>.");
        }

        writer.Line("/// </remarks>");
        if (settable)
        {
            writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">Set while there is no " + relation + " relation, or on a unit whose mirror the distributor does not copy.</exception>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">Set to <see langword=\"null\"/>, <c>\"\"</c> or <c>\"empty\"</c> (the protocol's placeholder for no value).</exception>");
        }

        var modifiers = mirrorKey.Modifiers.Length > 0 ? mirrorKey.Modifiers + " " : string.Empty;
        writer.Line(modifiers + (mirrorKey.IsNullable ? "string?" : "string") + " " + Identifier(mirrorKey.PropertyName));
        writer.OpenBrace();
        foreach (var accessor in mirrorKey.Accessors)
        {
            var prefix = accessor.Modifiers.Length > 0 ? accessor.Modifiers + " " : string.Empty;
            if (accessor.Keyword == "get")
            {
                writer.Line(prefix + "get => " + surface + ".Consumer.FindValue(" + key + ", keepEmpty: false)" + (mirrorKey.IsNullable ? string.Empty : " ?? string.Empty") + ";");
            }
            else
            {
                writer.Line(prefix + accessor.Keyword + " => " + surface + ".PublishMirrorValue(" + Literal(mirrorKey.PropertyName) + ", " + key + ", value);");
            }
        }

        writer.CloseBrace();
    }

    /// <summary>
    /// The surface's mirror publication: whether this unit publishes the mirror, and the one place a <c>[MirrorKey]</c>
    /// setter writes through. The distributor copies <c>mirror-*</c> values only from units whose <c>mirror</c> key is
    /// <c>up</c> (the communicator, and a former one until the distributor holds what it published), keeps what it copied,
    /// and reads <c>empty</c> as no value: a write anywhere else, or of nothing, would reach no other unit.
    /// </summary>
    private static void WriteMirrorPublication(SourceWriter writer, ConsumerSpec consumer)
    {
        var relation = "<c>" + Xml(consumer.Relation) + "</c>";
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Whether the distributor copies this unit's mirrored values: this unit's databag on the " + relation + " relation says");
        writer.Line("/// <c>mirror: up</c>, as the communicator's does (the library sets it in the hooks it handles). Only here may a");
        writer.Line("/// <c>[MirrorKey]</c> property of the relation be set.");
        writer.Line("/// </summary>");
        writer.Line("public bool PublishesMirror => this.Consumer.Relation?.LocalUnitData[\"mirror\"] == \"up\";");
        writer.Line();
        writer.Line("/// <summary>Publishes <paramref name=\"value\"/> as <c>mirror-&lt;key&gt;</c> for the distributor to mirror, or says why it would not reach the other units.</summary>");
        writer.Line("/// <param name=\"property\">The <c>[MirrorKey]</c> property being set, for the message.</param>");
        writer.Line("/// <param name=\"key\">The key without the <c>mirror-</c> prefix.</param>");
        writer.Line("/// <param name=\"value\">The value.</param>");
        writer.Line("internal void PublishMirrorValue(string property, string key, string? value)");
        writer.OpenBrace();
        writer.Line("if (string.IsNullOrEmpty(value) || value == \"empty\")");
        writer.OpenBrace();
        writer.Line("throw new global::System.ArgumentException(property + \" cannot be set to \" + (value is null ? \"null\" : \"'\" + value + \"'\") + \": the distributor keeps the last value it mirrored for '\" + key + \"' (a mirrored value cannot be withdrawn) and reads 'empty' as no value; set another value.\", nameof(value));");
        writer.CloseBrace();
        writer.Line();
        writer.Line("if (this.Consumer.Relation is null)");
        writer.OpenBrace();
        writer.Line("throw new global::System.InvalidOperationException(property + \" cannot be set yet: there is no " + Escape(consumer.Relation) + " relation. Set it once " + consumer.PropertyName + ".Relation is not null.\");");
        writer.CloseBrace();
        writer.Line();
        writer.Line("if (!this.PublishesMirror)");
        writer.OpenBrace();
        writer.Line("throw new global::System.InvalidOperationException(property + \" cannot be set on host '\" + this.Consumer.HostName + \"': the distributor mirrors values only from the communicator (the cluster member whose 'mirror' is 'up'), and this unit is not it, so no other unit would see the value. Set it where " + consumer.PropertyName + ".PublishesMirror is true.\");");
        writer.CloseBrace();
        writer.Line();
        writer.Line("this.Consumer.AddToMirror(new[] { new global::System.Collections.Generic.KeyValuePair<string, string>(key, value) });");
        writer.CloseBrace();
    }

    private static void WriteSurface(SourceWriter writer, ConsumerSpec consumer)
    {
        var surface = Naming.SurfaceClassName(consumer.PropertyName);
        writer.Line("/// <summary>The <c>" + Xml(consumer.Relation) + "</c> token distributor relation as this charm sees it.</summary>");
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        writer.Line("public sealed class " + surface);
        writer.OpenBrace();
        writer.Line("internal " + surface + "(" + TokenConsumer + " consumer)");
        writer.OpenBrace();
        writer.Line("this.Consumer = consumer;");
        writer.CloseBrace();
        writer.Line();
        writer.Line("/// <summary>The consumer itself, for what this surface does not cover.</summary>");
        writer.Line("public " + TokenConsumer + " Consumer { get; }");
        writer.Line();
        writer.Line("/// <summary>Whether this unit is a cluster member (kept in the unit's stored state).</summary>");
        writer.Line("public bool InCluster => this.Consumer.InCluster;");
        writer.Line();
        writer.Line("/// <summary>The relation to the distributor, if there is one yet.</summary>");
        writer.Line("public global::Charm.Framework.Model.Relation? Relation => this.Consumer.Relation;");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The join token the distributor mirrors for <paramref name=\"hostName\"/>, corroborated across the mirrors; <see langword=\"null\"/>");
        writer.Line("/// when there is none yet (absent, or the <c>empty</c> placeholder), when the token was already used, or without a relation.");
        writer.Line("/// It is a cluster credential: never log it.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"hostName\">The host's node name, as its unit publishes it.</param>");
        writer.Line("public string? TokenFor(string hostName) => this.Consumer.TokenFor(hostName);");
        writer.Line();
        writer.Line("/// <summary>Every key the distributor mirrors, without the <c>mirror-</c> prefix, in ordinal order: host names and extra values.</summary>");
        writer.Line("public " + ReadOnlyStringList + " MirroredKeys => this.Consumer.MirroredKeys();");
        writer.Line();
        writer.Line("/// <summary>The host names in the mirror: <see cref=\"MirroredKeys\"/> without the keys declared with <c>[MirrorKey]</c> for this relation.</summary>");
        var declared = new List<string>(consumer.MirrorKeys.Count);
        foreach (var key in consumer.MirrorKeys)
        {
            declared.Add(Literal(key));
        }

        writer.Line("public " + ReadOnlyStringList + " HostNames => this.Consumer.HostNames(" + string.Join(", ", declared) + ");");

        if (!consumer.MirrorKeys.IsEmpty)
        {
            WriteMirrorPublication(writer, consumer);
        }

        writer.CloseBrace();
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary><paramref name="value"/> quoted for the inside of a C# string literal, e.g. <c>'cluster'</c>.</summary>
    private static string Escape(string value) => "'" + SymbolDisplay.FormatLiteral(value, quote: false) + "'";

    private static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Xml(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
