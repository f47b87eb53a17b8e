using System.Text;

namespace Charm.Simulator.Tests.Processes;

/// <summary>The programs the test project's build copies next to the tests, and charm directories made from them.</summary>
internal static class ProgramPaths
{
    public static string HookToolDirectory => Path.Combine(AppContext.BaseDirectory, "hooktool");

    public static string HookTool => Path.Combine(HookToolDirectory, "charm-sim-tool");

    public static string TestCharm => Path.Combine(AppContext.BaseDirectory, "testcharm", "Charm.Simulator.TestCharm");

    /// <summary>The Native AOT hook tool's directory when the build published it (see the project file), else the JIT one.</summary>
    public static string FastHookToolDirectory => File.Exists(Path.Combine(AotDirectory, "hooktool", "charm-sim-tool")) ? Path.Combine(AotDirectory, "hooktool") : HookToolDirectory;

    /// <summary>The Native AOT test charm when the build published it, else the JIT one.</summary>
    public static string FastTestCharm => File.Exists(Path.Combine(AotDirectory, "testcharm", "Charm.Simulator.TestCharm")) ? Path.Combine(AotDirectory, "testcharm", "Charm.Simulator.TestCharm") : TestCharm;

    private static string AotDirectory => Path.Combine(AppContext.BaseDirectory, "aot");

    /// <summary>
    /// Makes charm directories for the test charm's token distributor pair (the real library): <c>consumer</c>
    /// (requires <c>cluster</c>, limit 1) and <c>distributor</c> (provides <c>microcluster-cluster</c>), both interface
    /// <c>worker-cluster</c>, run from <paramref name="program"/>. Without <paramref name="pendingWait"/> the consumer
    /// does not wait for PENDING members in its hook (<c>--no-pending-wait</c>).
    /// </summary>
    public static (string Consumer, string Distributor) MakeClusterCharms(string parent, string program, bool pendingWait = true)
    {
        Assert.True(File.Exists(program), $"the test charm was not built next to the tests: {program}");
        string Make(string role, string name, string section, string endpoint, string limit)
        {
            var directory = Path.Combine(parent, role);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "metadata.yaml"), $"name: {name}\n{section}:\n  {endpoint}:\n    interface: worker-cluster\n{limit}");
            var flags = role == "consumer" && !pendingWait ? " --no-pending-wait" : "";
            WriteExecutable(Path.Combine(directory, "dispatch"), $"#!/bin/sh\nexec '{program}' {role}{flags}\n");
            return directory;
        }

        return (Make("consumer", "microctl", "requires", "cluster", "    limit: 1\n"), Make("distributor", "token-distributor", "provides", "microcluster-cluster", ""));
    }

    /// <summary>Makes a charm directory whose dispatch runs the probe test charm (the AOT build when there is one) in <paramref name="role"/>.</summary>
    public static string MakeProbeCharm(string parent, string role)
    {
        var program = FastTestCharm;
        Assert.True(File.Exists(program), $"the test charm was not built next to the tests: {program}");
        var directory = Path.Combine(parent, role);
        Directory.CreateDirectory(directory);
        var section = role == "requirer" ? "requires" : "provides";
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), $"name: probe-{role}\n{section}:\n  link:\n    interface: probe\n");
        WriteExecutable(Path.Combine(directory, "dispatch"), $"#!/bin/sh\nexec '{program}' {role}\n");
        return directory;
    }

    /// <summary>
    /// Makes a shell charm whose <c>greet</c> action reads <c>who</c>, logs, adds a unit-owned secret, sets results, fails
    /// the action for <c>nobody</c> and exits 4 for <c>crash</c>; its <c>expose</c> action opens 8443/tcp and icmp, sets a new
    /// revision of a new secret and reports the opened ports and the revision (<c>InProcessGreeter</c> does the same in-process).
    /// </summary>
    public static string MakeGreeterCharm(string parent)
    {
        var directory = Path.Combine(parent, "greeter");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), "name: greeter\n");
        WriteExecutable(Path.Combine(directory, "dispatch"), """
            #!/bin/sh
            case "$JUJU_DISPATCH_PATH" in
              actions/greet)
                who=$(action-get who) || exit 1
                action-log "greeting $who"
                id=$(secret-add --owner unit "name=$who") || exit 1
                action-set "greeting=hello $who" "detail.action=$JUJU_ACTION_NAME" "detail.id=$JUJU_ACTION_UUID" "detail.secret=$id"
                [ -z "$JUJU_HOOK_NAME" ] || exit 3
                [ "$who" != nobody ] || action-fail "no one to greet"
                [ "$who" != crash ] || exit 4
                ;;
              actions/expose)
                open-port 8443/tcp || exit 1
                open-port icmp || exit 1
                id=$(secret-add --owner unit "name=first") || exit 1
                secret-set "$id" --label exposed "name=second" || exit 1
                revision=$(secret-info-get "$id" | sed -n 's/^ *revision: //p')
                action-set "ports=$(opened-ports | paste -sd, -)" "revision=$revision"
                ;;
            esac
            exit 0
            """);
        return directory;
    }

    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
