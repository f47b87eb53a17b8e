namespace Charm.Framework.Processes;

/// <summary>
/// The environment a charm's workload programs (a cluster CLI, a service's tools) run with: the hook's environment
/// without Juju's. Juju runs a hook with its <c>JUJU_*</c> variables (the context id and the agent's socket among them,
/// which let any process that has them act as the unit through the hook tools) and with the hook tools' directory put in
/// front of <c>PATH</c>. A workload program needs neither, and should not be able to run <c>relation-set</c> or read
/// <c>secret-get</c> as the unit.
/// </summary>
public static class WorkloadEnvironment
{
    /// <summary>The hook tool whose presence marks a directory as Juju's tools directory.</summary>
    public const string HookToolMarker = "juju-log";

    /// <summary>
    /// The overrides, for <see cref="SystemProcessRunner(IReadOnlyDictionary{string, string?})"/>, that turn
    /// <paramref name="variables"/> (a hook's environment) into a workload's: every variable whose name starts with
    /// <c>JUJU_</c> removed, and <c>PATH</c> without the directories that hold the hook tools (those with a
    /// <see cref="HookToolMarker"/> in them). Everything else is inherited unchanged.
    /// </summary>
    /// <param name="variables">The hook's environment (e.g. this process's).</param>
    /// <returns>Variable name to new value; <see langword="null"/> removes the variable.</returns>
    public static IReadOnlyDictionary<string, string?> Overrides(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in variables.Keys)
        {
            if (name.StartsWith("JUJU_", StringComparison.Ordinal))
            {
                overrides[name] = null;
            }
        }

        if (variables.TryGetValue("PATH", out var path))
        {
            var kept = path.Split(':').Where(directory => directory.Length > 0 && !HoldsHookTools(directory));
            overrides["PATH"] = string.Join(':', kept);
        }

        return overrides;
    }

    /// <summary>A runner for workload programs started from a hook whose environment is <paramref name="variables"/>.</summary>
    /// <param name="variables">The hook's environment (e.g. this process's).</param>
    public static SystemProcessRunner Runner(IReadOnlyDictionary<string, string> variables) => new(Overrides(variables));

    private static bool HoldsHookTools(string directory)
    {
        try
        {
            var marker = Path.Combine(directory, HookToolMarker);
            return File.Exists(marker) || new FileInfo(marker).LinkTarget is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
