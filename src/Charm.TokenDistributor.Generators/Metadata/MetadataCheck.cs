using System;
using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// The endpoints a charm names against those its metadata declares (CTD5001–CTD5006): a token distributor attribute
/// needs its endpoint declared under its role, with an interface, and that interface is <c>worker-cluster</c>; an
/// <c>[On]</c> relation event needs its endpoint declared at all, and an <c>[On]</c> action its name under
/// <c>actions</c> in <c>charmcraft.yaml</c> (CTD5006). Nothing is checked without a metadata file.
/// </summary>
internal static class MetadataCheck
{
    /// <summary>The diagnostics of <paramref name="uses"/> against <paramref name="metadata"/>.</summary>
    public static List<DiagnosticInfo> Check(EquatableArray<EndpointUse> uses, CharmMetadata metadata)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (metadata.IsEmpty)
        {
            return diagnostics;
        }

        foreach (var use in uses)
        {
            if (use.IsAction)
            {
                CheckAction(use, metadata, diagnostics);
                continue;
            }

            var declarations = metadata.Declarations(use.Endpoint);
            if (use.Role is not { } role)
            {
                if (declarations.Count == 0)
                {
                    var closest = Closest(use.Endpoint, EndpointNames(metadata));
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.HandlerEndpointNotDeclared,
                        use.Location,
                        use.Owner,
                        use.Endpoint,
                        metadata.Described,
                        closest is null ? string.Empty : " (did you mean '" + closest + "'?)"));
                }

                continue;
            }

            CheckAttribute(use, role, declarations, metadata, diagnostics);
        }

        return diagnostics;
    }

    private static void CheckAttribute(EndpointUse use, EndpointRole role, List<EndpointDeclaration> declarations, CharmMetadata metadata, List<DiagnosticInfo> diagnostics)
    {
        var section = EndpointDeclaration.SectionName(role);
        if (declarations.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RelationNotDeclared, use.Location, use.Endpoint, metadata.Described, section));
            return;
        }

        EndpointDeclaration? matching = null;
        string? withInterface = null;
        foreach (var declaration in declarations)
        {
            if (declaration.Role != role)
            {
                continue;
            }

            matching ??= declaration;
            if (!string.IsNullOrWhiteSpace(declaration.Interface))
            {
                withInterface ??= declaration.Interface;
            }
        }

        if (matching is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.RelationDeclaredWithWrongRole,
                use.Location,
                use.Endpoint,
                EndpointDeclaration.SectionName(declarations[0].Role),
                metadata.Described,
                use.Owner,
                section));
            return;
        }

        if (withInterface is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RelationWithoutInterface, use.Location, use.Endpoint, metadata.Described));
        }
        else if (withInterface != DiagnosticDescriptors.TokenDistributorInterface)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongTokenDistributorInterface, use.Location, use.Endpoint, withInterface, metadata.Described));
        }
    }

    /// <summary>CTD5006: an <c>[On]</c> action that <c>charmcraft.yaml</c> does not declare (unchecked without that file).</summary>
    private static void CheckAction(EndpointUse use, CharmMetadata metadata, List<DiagnosticInfo> diagnostics)
    {
        if (metadata.Actions is not { } actions || System.Linq.Enumerable.Contains(actions, use.Endpoint))
        {
            return;
        }

        var closest = Closest(use.Endpoint, actions);
        diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.HandlerActionNotDeclared,
            use.Location,
            use.Owner,
            use.Endpoint,
            closest is null ? string.Empty : " (did you mean '" + closest + "'?)"));
    }

    private static IEnumerable<string> EndpointNames(CharmMetadata metadata)
    {
        foreach (var declaration in metadata.Endpoints)
        {
            yield return declaration.Name;
        }
    }

    /// <summary>The name among <paramref name="declared"/> nearest <paramref name="name"/> (at most two edits away), or null.</summary>
    internal static string? Closest(string name, IEnumerable<string> declared)
    {
        string? closest = null;
        var best = 3;
        foreach (var candidate in declared)
        {
            var distance = EditDistance.Between(name, candidate);
            if (distance < best || (distance == best && closest is not null && string.CompareOrdinal(candidate, closest) < 0))
            {
                best = distance;
                closest = candidate;
            }
        }

        return closest;
    }
}
