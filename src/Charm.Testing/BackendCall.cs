namespace Charm.Testing;

/// <summary>One hook-tool call the charm made, as the tool would have seen it.</summary>
/// <param name="Tool">The hook tool, e.g. <c>relation-set</c>.</param>
/// <param name="Arguments">What it was asked, in a readable form (e.g. <c>-r cluster:7 --app</c>).</param>
/// <param name="Data">For <c>relation-set</c> and <c>state-set</c>: the keys sent (<c>""</c> deletes).</param>
public sealed record BackendCall(string Tool, string Arguments, IReadOnlyDictionary<string, string>? Data = null);
