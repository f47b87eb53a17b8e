using Charm.TokenDistributor.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>
/// A diagnostic the generator reports, as an equatable pipeline value: dotnet/runtime's generators carry the same three
/// parts (descriptor, location, message arguments). Unlike theirs, the location stays the source location in its syntax
/// tree rather than a copy holding only the file path: only then does the compiler apply <c>#pragma warning</c> and
/// <c>.editorconfig</c> severities to it, and drop it as a duplicate when the analyzer reports the same diagnostic (the
/// code fix of CTD4001 needs the analyzer's). A location keeps its tree alive, not a compilation; a charm without
/// problems carries none.
/// </summary>
/// <param name="Descriptor">The rule.</param>
/// <param name="Location">Where, in the author's source.</param>
/// <param name="Arguments">The message's arguments.</param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, Location Location, EquatableArray<string> Arguments)
{
    /// <summary>A diagnostic of <paramref name="descriptor"/> at <paramref name="location"/>.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
        => new(descriptor, location, new EquatableArray<string>(arguments));

    /// <summary>The diagnostic to report.</summary>
    public Diagnostic ToDiagnostic()
    {
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location, arguments);
    }
}
