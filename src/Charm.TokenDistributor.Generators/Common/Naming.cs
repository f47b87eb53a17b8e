using System.Collections.Immutable;
using System.Text;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>
/// How the generator names the members it adds for a relation endpoint. Shared with the analyzers so that a
/// diagnostic names exactly the member the generator emits.
/// </summary>
internal static class Naming
{
    /// <summary>
    /// The PascalCase form of a Juju endpoint name: every run of letters and digits becomes a word with its first
    /// letter upper-cased (invariant), everything else separates words. <c>microcluster-cluster</c> gives
    /// <c>MicroclusterCluster</c>; <c>db_2</c> gives <c>Db2</c>. A result that would start with a digit is prefixed with
    /// <c>_</c>; a name without letters or digits gives the empty string.
    /// </summary>
    public static string ToPascalCase(string endpoint)
    {
        var builder = new StringBuilder(endpoint.Length);
        var startOfWord = true;
        foreach (var c in endpoint)
        {
            if (!char.IsLetterOrDigit(c) || c > 0x7F)
            {
                startOfWord = true;
                continue;
            }

            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        if (builder.Length > 0 && char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>Every consumer hook, in the order the generator declares them.</summary>
    public static readonly ImmutableArray<ConsumerHook> ConsumerHooks = ImmutableArray.Create(
        ConsumerHook.PreBootstrap,
        ConsumerHook.Bootstrapped,
        ConsumerHook.PreJoin,
        ConsumerHook.Joined,
        ConsumerHook.TokenGenerated,
        ConsumerHook.BootstrapArguments,
        ConsumerHook.JoinArguments);

    /// <summary>The partial method a charm implements to run code for a consumer hook: <c>On{Relation}{Hook}</c>.</summary>
    public static string HookMethodName(string relationPascal, ConsumerHook hook) => "On" + relationPascal + HookSuffix(hook);

    /// <summary>The generated surface class of a consumer relation: <c>{Relation}TokenDistributor</c>.</summary>
    public static string SurfaceClassName(string relationPascal) => relationPascal + "TokenDistributor";

    /// <summary>The part of a hook method's name after the relation.</summary>
    public static string HookSuffix(ConsumerHook hook) => hook switch
    {
        ConsumerHook.PreBootstrap => "PreBootstrap",
        ConsumerHook.Bootstrapped => "Bootstrapped",
        ConsumerHook.PreJoin => "PreJoin",
        ConsumerHook.Joined => "Joined",
        ConsumerHook.TokenGenerated => "TokenGenerated",
        ConsumerHook.BootstrapArguments => "BootstrapArguments",
        _ => "JoinArguments",
    };
}
