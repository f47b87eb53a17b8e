using System;
using System.Collections.Generic;
using System.Globalization;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>The generated <c>InitializeTokenDistributor()</c>: the consumers and providers, their hooks, the <c>[On]</c> observers.</summary>
internal static partial class CharmEmitter
{
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
            var options = provider.IsolateRelations ? ", new " + TokenDistributorProviderOptions + " { IsolateRelations = true }" : string.Empty;
            writer.Line("this." + provider.PropertyName + " = new " + TokenDistributorProvider + "(this, " + Literal(provider.Relation) + options + ");");
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
}
