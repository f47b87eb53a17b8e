namespace Charm.Simulator.Backends;

/// <summary>The multi-call hook tool: a native launcher (linked on <c>PATH</c> under each tool's name) or only its <c>.dll</c> (run through small wrapper scripts with <c>dotnet</c>).</summary>
/// <param name="Path">The launcher or the <c>.dll</c>.</param>
/// <param name="IsLauncher">It is an executable launcher that reads the name it was invoked under.</param>
internal sealed record HookToolExecutable(string Path, bool IsLauncher)
{
    public const string LauncherName = "charm-sim-tool";
    public const string AssemblyName = "charm-sim-tool.dll";

    /// <summary>
    /// Finds the tool: <paramref name="configured"/> (a file or a directory) if given, else next to this assembly's
    /// application, in its <c>hooktool</c> subdirectory, or on <c>PATH</c>.
    /// </summary>
    public static HookToolExecutable? Find(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            var full = System.IO.Path.GetFullPath(configured);
            if (File.Exists(full))
            {
                return new HookToolExecutable(full, !full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
            }

            return Directory.Exists(full) ? InDirectory(full) : null;
        }

        var directories = new List<string> { AppContext.BaseDirectory, System.IO.Path.Combine(AppContext.BaseDirectory, "hooktool") };
        directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        foreach (var directory in directories)
        {
            if (InDirectory(directory) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static HookToolExecutable? InDirectory(string directory)
    {
        // A framework-dependent launcher is usable only with its assembly beside it (a build may copy one without the
        // other); a Native AOT build is the launcher alone.
        var assembly = System.IO.Path.Combine(directory, AssemblyName);
        var launcher = System.IO.Path.Combine(directory, LauncherName);
        var frameworkDependent = File.Exists(System.IO.Path.Combine(directory, "charm-sim-tool.runtimeconfig.json"));
        if (File.Exists(launcher) && !OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(launcher) & UnixFileMode.UserExecute) != 0
            && (!frameworkDependent || File.Exists(assembly)))
        {
            return new HookToolExecutable(launcher, IsLauncher: true);
        }

        if (!File.Exists(assembly))
        {
            return null;
        }

        return new HookToolExecutable(assembly, IsLauncher: false);
    }
}
