using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// What the generator knows of the charm's metadata: the <c>charmcraft.yaml</c> and/or <c>metadata.yaml</c> given to the
/// compiler as AdditionalFiles (<c>&lt;AdditionalFiles Include="charmcraft.yaml" /&gt;</c>), and the relation endpoints
/// they declare. Each file is read once per change of its text (an incremental step). The config options of
/// <c>charmcraft.yaml</c> are read in a step of their own (<see cref="CharmConfigReader"/>), so that an edit to them
/// does not rerun the endpoint checks, nor an edit to the endpoints the typed config classes.
/// </summary>
/// <param name="Files">The metadata files' names, in the order the compiler lists them, each once.</param>
/// <param name="Endpoints">Every endpoint they declare.</param>
/// <param name="Actions">The actions <c>charmcraft.yaml</c> declares; null when no <c>charmcraft.yaml</c> is given (then
/// actions are not checked: a charm with only <c>metadata.yaml</c> declares them in an <c>actions.yaml</c>).</param>
internal sealed record CharmMetadata(EquatableArray<string> Files, EquatableArray<EndpointDeclaration> Endpoints, EquatableArray<string>? Actions = null)
{
    private const string CharmcraftFile = "charmcraft.yaml";

    private static readonly string[] FileNames = [CharmcraftFile, "metadata.yaml"];

    /// <summary>Whether no metadata file is given: then nothing is checked against it.</summary>
    public bool IsEmpty => Files.IsEmpty;

    /// <summary>The files' names as a message names them, e.g. <c>charmcraft.yaml and metadata.yaml</c>.</summary>
    public string Described => string.Join(" and ", Files);

    /// <summary>Whether <paramref name="file"/> is charm metadata (by its file name).</summary>
    public static bool IsMetadataFile(AdditionalText file) => Array.IndexOf(FileNames, Path.GetFileName(file.Path)) >= 0;

    /// <summary>Whether <paramref name="file"/> is <c>charmcraft.yaml</c> (by its file name).</summary>
    public static bool IsCharmcraftFile(AdditionalText file) => Path.GetFileName(file.Path) == CharmcraftFile;

    /// <summary>Reads one metadata file; null when its text cannot be read.</summary>
    public static CharmMetadataFile? Read(AdditionalText file, CancellationToken cancellationToken)
    {
        if (file.GetText(cancellationToken) is not { } text)
        {
            return null;
        }

        var name = Path.GetFileName(file.Path);
        var actions = name == CharmcraftFile ? (CharmActionsReader.Read(text) ?? []).ToEquatableArray() : (EquatableArray<string>?)null;
        return new CharmMetadataFile(name, CharmMetadataReader.Read(text).ToEquatableArray(), actions);
    }

    /// <summary>The metadata of every file read.</summary>
    public static CharmMetadata Combine(ImmutableArray<CharmMetadataFile?> files)
    {
        var names = new List<string>();
        var endpoints = new List<EndpointDeclaration>();
        List<string>? actions = null;
        foreach (var file in files)
        {
            if (file is null)
            {
                continue;
            }

            if (!names.Contains(file.Name))
            {
                names.Add(file.Name);
            }

            endpoints.AddRange(file.Endpoints);
            if (file.Actions is { } declared)
            {
                (actions ??= []).AddRange(declared);
            }
        }

        return new CharmMetadata(names.ToEquatableArray(), endpoints.ToEquatableArray(), actions?.ToEquatableArray());
    }

    /// <summary>The declarations of <paramref name="endpoint"/>, in file order.</summary>
    public List<EndpointDeclaration> Declarations(string endpoint)
    {
        var found = new List<EndpointDeclaration>();
        foreach (var declaration in Endpoints)
        {
            if (declaration.Name == endpoint)
            {
                found.Add(declaration);
            }
        }

        return found;
    }
}

/// <summary>One metadata file, read.</summary>
/// <param name="Name">Its file name (<c>charmcraft.yaml</c> or <c>metadata.yaml</c>).</param>
/// <param name="Endpoints">The endpoints it declares.</param>
/// <param name="Actions">The actions it declares, for <c>charmcraft.yaml</c>; null for <c>metadata.yaml</c>.</param>
internal sealed record CharmMetadataFile(string Name, EquatableArray<EndpointDeclaration> Endpoints, EquatableArray<string>? Actions);
