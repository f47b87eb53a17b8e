using System.Text;
using Charm.Framework.Processes;

namespace Charm.Reliability.Tests.Processes;

/// <summary>
/// What the real-process tests need: the simulator's multi-call hook tool (built by the solution; built here if missing),
/// and charm directories whose <c>dispatch</c> runs this test assembly as the workload or distributor charm
/// (see <see cref="StartupHook"/>).
/// </summary>
internal static class ProcessCharms
{
    private static readonly Lazy<string> HookToolDirectory = new(FindOrBuildHookTool, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The directory holding <c>charm-sim-tool</c>.</summary>
    public static string HookTool => HookToolDirectory.Value;

    /// <summary>
    /// Makes a charm directory for <paramref name="charm"/> (<c>workload</c> or <c>distributor</c>). Its <c>dispatch</c> puts
    /// <c>failing-tools/</c> first on <c>PATH</c> while a file <c>fail-hook-tools</c> exists in the unit's directory: the
    /// hook tools there exit 1 with an error, as an agent that refuses a call would.
    /// </summary>
    public static string MakeCharm(string parent, string charm)
    {
        var directory = Path.Combine(parent, charm);
        Directory.CreateDirectory(directory);
        var endpoint = charm == "distributor" ? "provides:\n  microcluster-cluster:\n" : "requires:\n  cluster:\n";
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), $"name: {charm}\n{endpoint}    interface: worker-cluster\n");
        var assembly = typeof(ProcessCharms).Assembly.Location;
        var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        var deps = Path.ChangeExtension(assembly, ".deps.json");
        WriteExecutable(Path.Combine(directory, "dispatch"), $"""
            #!/bin/sh
            if [ -f "$JUJU_CHARM_DIR/fail-hook-tools" ]; then PATH="$JUJU_CHARM_DIR/failing-tools:$PATH"; export PATH; fi
            export {StartupHook.CharmVariable}={charm}
            export DOTNET_STARTUP_HOOKS='{assembly}'
            exec dotnet exec --runtimeconfig '{runtimeConfig}' --depsfile '{deps}' '{assembly}'

            """);
        var failing = Path.Combine(directory, "failing-tools");
        Directory.CreateDirectory(failing);
        foreach (var tool in new[] { "relation-set", "status-set", "juju-log", "relation-get", "is-leader" })
        {
            WriteExecutable(Path.Combine(failing, tool), "#!/bin/sh\necho \"ERROR injected failure of $0\" >&2\nexit 1\n");
        }

        return directory;
    }

    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string FindOrBuildHookTool()
    {
        // bin/<Configuration>/net10.0/ of this assembly; the hook tool project builds to the same layout.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var project = Path.Combine(root, "src", "Charm.Simulator.HookTool");
        var directory = Path.Combine(project, "bin", configuration, output.Name);
        if (!File.Exists(Path.Combine(directory, "charm-sim-tool")))
        {
            var build = SystemProcessRunner.Instance.Run(new ProcessSpec("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"], TimeSpan.FromMinutes(10)));
            Assert.True(build.Succeeded, $"building the hook tool failed:\n{build.StandardOutput}\n{build.StandardError}");
        }

        Assert.True(File.Exists(Path.Combine(directory, "charm-sim-tool")), $"charm-sim-tool is not in {directory}");
        return directory;
    }
}

/// <summary>The real-process tests write executables and start processes: one at a time (see the simulator's tests).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Reliability processes";
}
