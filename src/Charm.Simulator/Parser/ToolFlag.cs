namespace Charm.Simulator.Parser;

/// <summary>One option a hook tool accepts.</summary>
/// <param name="Name">The long name (<c>relation</c> for <c>--relation</c>); also the key in <see cref="ToolArguments.Values"/>.</param>
/// <param name="Short">The one-letter alias (<c>r</c> for <c>-r</c>), if any.</param>
/// <param name="IsBoolean">A switch that takes no separate value (<c>--app</c>, or <c>--app=false</c>).</param>
internal sealed record ToolFlag(string Name, char? Short = null, bool IsBoolean = false);
