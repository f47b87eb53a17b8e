using System.Collections.Generic;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft;

/// <summary>How an endpoint is declared: under <c>requires</c>, <c>provides</c> or <c>peers</c>.</summary>
public enum CharmEndpointRole
{
    /// <summary>Under <c>requires</c>.</summary>
    Requires,

    /// <summary>Under <c>provides</c>.</summary>
    Provides,

    /// <summary>Under <c>peers</c>.</summary>
    Peers,
}

/// <summary>A relation endpoint as Juju reads it from metadata.yaml.</summary>
/// <param name="Name">The endpoint's name.</param>
/// <param name="Role">The section it is declared in.</param>
/// <param name="Interface">Its interface.</param>
/// <param name="Limit">The most relations it takes, or null for no limit.</param>
/// <param name="Optional">Whether it is optional (informational).</param>
/// <param name="Scope"><c>global</c> or <c>container</c>.</param>
public sealed record CharmEndpoint(string Name, CharmEndpointRole Role, string Interface, long? Limit, bool Optional, string Scope);

/// <summary>The type of a config option, as Juju names it.</summary>
public enum CharmConfigType
{
    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>int</c> (64-bit).</summary>
    Int,

    /// <summary><c>float</c>.</summary>
    Float,

    /// <summary><c>boolean</c>.</summary>
    Boolean,

    /// <summary><c>secret</c>: a secret URI (<c>secret:…</c>).</summary>
    Secret,
}

/// <summary>A config option, its default coerced to its type as Juju coerces it.</summary>
/// <param name="Name">The option's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Default">The default: a <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/> by type, or null for none.</param>
/// <param name="Description">Its description, or null.</param>
public sealed record CharmConfigOption(string Name, CharmConfigType Type, object? Default, string? Description);

/// <summary>An action and the parameters it takes.</summary>
/// <param name="Name">The action's name.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Params">The JSON schema of each parameter, by name (a mapping), or null when it takes none.</param>
public sealed record CharmAction(string Name, string? Description, YamlMap? Params);

/// <summary>A platform of charmcraft.yaml: where the charm is built and what it runs on.</summary>
/// <param name="Name">The platform's name (the key under <c>platforms</c>).</param>
/// <param name="BuildOn">Where it is built: architectures, or <c>base:architecture</c>.</param>
/// <param name="BuildFor">What it runs on: one architecture, or <c>base:architecture</c>.</param>
public sealed record CharmPlatform(string Name, IReadOnlyList<string> BuildOn, IReadOnlyList<string> BuildFor);

/// <summary>One base of a charm's manifest.yaml: an operating system, its channel and the architectures.</summary>
/// <param name="Name">The operating system (<c>ubuntu</c>).</param>
/// <param name="Channel">Its version (<c>24.04</c>).</param>
/// <param name="Architectures">The architectures the charm runs on.</param>
public sealed record CharmBase(string Name, string Channel, IReadOnlyList<string> Architectures);
