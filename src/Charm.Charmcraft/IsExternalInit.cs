// netstandard2.0 lacks the marker type the compiler needs for init accessors (and so for positional records).
namespace System.Runtime.CompilerServices;

/// <summary>Lets records and <c>init</c> accessors compile for netstandard2.0.</summary>
internal static class IsExternalInit
{
}
