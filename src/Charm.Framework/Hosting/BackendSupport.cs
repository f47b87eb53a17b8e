namespace Charm.Framework.Hosting;

/// <summary>What the default bodies of <see cref="IJujuBackend"/>'s later members raise.</summary>
internal static class BackendSupport
{
    /// <summary>The error for a tool <paramref name="backend"/> does not implement.</summary>
    internal static HookToolException NotRun(IJujuBackend backend, string tool)
        => new(tool, $"{backend.GetType().Name} does not run {tool}: it implements only the hook tools of the first IJujuBackend; "
            + $"implement IJujuBackend's {tool} member in it, or run the charm on HookToolBackend (a real Juju agent) or Charm.Testing's InMemoryBackend.");
}
