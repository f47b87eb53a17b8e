using System;
using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>The generated per-relation members: the partial hook declarations, the <c>[MirrorKey]</c> bodies, the relation's surface class.</summary>
internal static partial class CharmEmitter
{
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
        writer.Line("public bool PublishesMirror => this.Consumer.PublishesMirror;");
        writer.Line();
        writer.Line("/// <summary>Publishes <paramref name=\"value\"/> as <c>mirror-&lt;key&gt;</c> for the distributor to mirror, or says why it would not reach the other units.</summary>");
        writer.Line("/// <param name=\"property\">The <c>[MirrorKey]</c> property being set, for the message.</param>");
        writer.Line("/// <param name=\"key\">The key without the <c>mirror-</c> prefix.</param>");
        writer.Line("/// <param name=\"value\">The value.</param>");
        writer.Line("internal void PublishMirrorValue(string property, string key, string? value) => this.Consumer.PublishMirrorValue(key, value, property);");
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
}
