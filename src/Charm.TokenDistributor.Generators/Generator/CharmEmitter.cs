using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// <see cref="CharmSpec"/> → source text. Pure: it sees only the spec, writes types with <c>global::</c> names so the
/// charm's own usings and member names cannot change their meaning, and orders everything deterministically.
/// </summary>
internal static partial class CharmEmitter
{
    private const string CharmContext = "global::Charm.Framework.Dispatch.CharmContext";
    private const string TokenConsumer = "global::Charm.TokenDistributor.Consumer.TokenConsumer";
    private const string TokenConsumerOptions = "global::Charm.TokenDistributor.Consumer.TokenConsumerOptions";
    private const string TokenDistributorProvider = "global::Charm.TokenDistributor.Provider.TokenDistributorProvider";
    private const string TokenDistributorProviderOptions = "global::Charm.TokenDistributor.Provider.TokenDistributorProviderOptions";
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
        => InCharmClass(charm.Namespace, charm.ContainingTypes, charm.Name, writer => WriteMembers(writer, charm));

    /// <summary>
    /// A generated file that re-declares the charm class (in its namespace and containing types) as a partial holding
    /// what <paramref name="members"/> writes.
    /// </summary>
    internal static string InCharmClass(string ns, EquatableArray<ContainingTypeSpec> containingTypes, string name, System.Action<SourceWriter> members)
    {
        var writer = new SourceWriter();
        WriteHeader(writer);
        if (ns.Length > 0)
        {
            writer.Line("namespace " + ns);
            writer.OpenBrace();
        }

        foreach (var outer in containingTypes)
        {
            writer.Line("partial " + outer.Keyword + " " + Identifier(outer.Name));
            writer.OpenBrace();
        }

        writer.Line("partial class " + Identifier(name));
        writer.OpenBrace();
        members(writer);
        writer.CloseBrace();

        foreach (var _ in containingTypes)
        {
            writer.CloseBrace();
        }

        if (ns.Length > 0)
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
    /// provider's <c>ObservedEvents</c> (the runtime says which hooks each role observes), then the <c>[On]</c> handlers' events
    /// other than actions.
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
                // An action is run by 'juju run' (dispatched as actions/<name>), not a hook: HandledHooks leaves it out.
                if (handler.Kind != EventKind.Action)
                {
                    keys.Add(EventKeyOf(handler));
                }
            }

            if (keys.Count > 0)
            {
                sources.Add("new " + EventKey + "[] { " + string.Join(", ", keys) + " }");
            }
        }

        return sources;
    }

    /// <summary>The <c>EventKey</c> expression of a handler's event, e.g. <c>EventKey.RelationChanged("peers")</c> or <c>EventKey.Action("list-members")</c>.</summary>
    private static string EventKeyOf(HandlerSpec handler)
        => EventKinds.NeedsName(handler.Kind)
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
        writer.Line("/// <c>ObservedEvents</c>) and the <c>[On]</c> handlers' events, actions aside (Juju runs those, they are no hooks). Ordinal order.");
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

    internal static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary><paramref name="value"/> quoted for the inside of a C# string literal, e.g. <c>'cluster'</c>.</summary>
    private static string Escape(string value) => "'" + SymbolDisplay.FormatLiteral(value, quote: false) + "'";

    internal static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    internal static string Xml(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
