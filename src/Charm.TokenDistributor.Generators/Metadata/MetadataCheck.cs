using System;
using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// The endpoints a charm names against those its metadata declares (CTD5001–CTD5005): a token distributor attribute
/// needs its endpoint declared under its role, with an interface, and that interface is <c>worker-cluster</c>; an
/// <c>[On]</c> relation event needs its endpoint declared at all. Nothing is checked without a metadata file.
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
            var declarations = metadata.Declarations(use.Endpoint);
            if (use.Role is not { } role)
            {
                if (declarations.Count == 0)
                {
                    var closest = Closest(use.Endpoint, metadata);
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

    /// <summary>The declared endpoint nearest <paramref name="endpoint"/> (at most two edits away), or null.</summary>
    private static string? Closest(string endpoint, CharmMetadata metadata)
    {
        string? closest = null;
        var best = 3;
        foreach (var declaration in metadata.Endpoints)
        {
            var distance = EditDistance.Between(endpoint, declaration.Name);
            if (distance < best || (distance == best && closest is not null && string.CompareOrdinal(declaration.Name, closest) < 0))
            {
                best = distance;
                closest = declaration.Name;
            }
        }

        return closest;
    }
}
