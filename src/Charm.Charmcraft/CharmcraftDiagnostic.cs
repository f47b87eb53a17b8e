namespace Charm.Charmcraft;

/// <summary>A problem in a charm's charmcraft.yaml (or a metadata.yaml/config.yaml/actions.yaml beside it).</summary>
/// <param name="Code">The error code (<c>CHARM0xx</c>, see <see cref="CharmcraftCodes"/>).</param>
/// <param name="File">The file's name, as the author knows it (e.g. <c>charmcraft.yaml</c>).</param>
/// <param name="Line">The 1-based line, or 0 when the problem is the file as a whole.</param>
/// <param name="Column">The 1-based column, or 0.</param>
/// <param name="Message">What is wrong, naming the key, and how to fix it.</param>
public sealed record CharmcraftDiagnostic(string Code, string File, int Line, int Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}({Line},{Column}): error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}

/// <summary>The error codes of charm packing (also listed, with their fixes, in docs/packaging.md).</summary>
public static class CharmcraftCodes
{
    /// <summary>The file is not readable YAML, or its top level is not a mapping.</summary>
    public const string Unreadable = "CHARM010";

    /// <summary><c>type</c>, <c>name</c>, <c>title</c>, <c>summary</c> or <c>description</c> is missing or invalid.</summary>
    public const string Identity = "CHARM011";

    /// <summary><c>base</c>, <c>build-base</c>, <c>platforms</c>, <c>bases</c> or <c>parts</c> is missing or invalid.</summary>
    public const string Platforms = "CHARM012";

    /// <summary>An endpoint under <c>requires</c>, <c>provides</c> or <c>peers</c> is invalid.</summary>
    public const string Endpoints = "CHARM013";

    /// <summary>A config option is invalid (its type, or a default of another type).</summary>
    public const string Config = "CHARM014";

    /// <summary>An action is invalid (its name, keys, or its params' JSON schema).</summary>
    public const string Actions = "CHARM015";

    /// <summary>A section is given both in charmcraft.yaml and in its own file beside it.</summary>
    public const string Duplicated = "CHARM016";

    /// <summary>The architecture the charm is being built for is not one charmcraft.yaml's platforms build for.</summary>
    public const string Architecture = "CHARM017";
}
