using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>The type of a config option, as <c>charmcraft.yaml</c> names it under <c>config.options.&lt;name&gt;.type</c>.</summary>
internal enum ConfigOptionType
{
    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>int</c>: a 64-bit integer.</summary>
    Int,

    /// <summary><c>float</c>: a double.</summary>
    Float,

    /// <summary><c>boolean</c>.</summary>
    Boolean,

    /// <summary><c>secret</c>: the value is a secret's URI (<c>secret:…</c>), a string.</summary>
    Secret,
}

/// <summary>One declared config option, valid (options with errors are reported and left out).</summary>
/// <param name="Key">The option's name as Juju and <c>config-get</c> know it (<c>cluster-port</c>).</param>
/// <param name="Property">The typed class's property for it (<c>ClusterPort</c>).</param>
/// <param name="Type">Its declared type.</param>
/// <param name="Default">Its default in canonical form (a string's text; an int's or float's digits, invariant; <c>true</c> or
/// <c>false</c>), or null when it has none.</param>
/// <param name="Description">Its description, on one line, or null.</param>
/// <param name="Location">Its key's line in <c>charmcraft.yaml</c>, for a diagnostic about the option.</param>
internal sealed record ConfigOption(string Key, string Property, ConfigOptionType Type, string? Default, string? Description, Microsoft.CodeAnalysis.Location Location);

/// <summary>What <c>charmcraft.yaml</c> declares under <c>config.options</c>, and what is wrong there.</summary>
/// <param name="Options">The valid options, in file order; null when the file has no <c>config</c> key (the options may
/// then be in a separate <c>config.yaml</c>, which the generator does not read, so nothing is generated or checked).</param>
/// <param name="Diagnostics">Malformed entries (CTD5007) and options that get no property (CTD5008), located in the file.</param>
/// <param name="DeclaredKeys">Every option name declared, malformed ones too (what CTD5009 checks reads against).</param>
internal sealed record CharmConfigOptions(EquatableArray<ConfigOption>? Options, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<string> DeclaredKeys)
{
    /// <summary>No <c>charmcraft.yaml</c> (or one without <c>config</c>): no typed class, no checks.</summary>
    public static CharmConfigOptions None { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<string>.Empty);

    /// <summary>The options of every <c>charmcraft.yaml</c> given (normally one): the first that declares <c>config</c>, with every file's diagnostics.</summary>
    public static CharmConfigOptions Combine(System.Collections.Immutable.ImmutableArray<CharmConfigOptions> files)
    {
        CharmConfigOptions? declaring = null;
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        foreach (var file in files)
        {
            declaring ??= file.Options is null ? null : file;
            diagnostics.AddRange(file.Diagnostics);
        }

        return new(declaring?.Options, diagnostics.ToEquatableArray(), declaring?.DeclaredKeys ?? EquatableArray<string>.Empty);
    }
}
