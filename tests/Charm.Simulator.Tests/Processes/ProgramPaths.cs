using System.Text;

namespace Charm.Simulator.Tests.Processes;

/// <summary>The programs the test project's build copies next to the tests, and charm directories made from them.</summary>
internal static class ProgramPaths
{
    public static string HookToolDirectory => Path.Combine(AppContext.BaseDirectory, "hooktool");

    public static string HookTool => Path.Combine(HookToolDirectory, "charm-sim-tool");

    public static string TestCharm => Path.Combine(AppContext.BaseDirectory, "testcharm", "Charm.Simulator.TestCharm");

    /// <summary>Makes a charm directory whose dispatch runs the probe test charm in <paramref name="role"/>.</summary>
    public static string MakeProbeCharm(string parent, string role)
    {
        Assert.True(File.Exists(TestCharm), $"the test charm was not built next to the tests: {TestCharm}");
        var directory = Path.Combine(parent, role);
        Directory.CreateDirectory(directory);
        var section = role == "requirer" ? "requires" : "provides";
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), $"name: probe-{role}\n{section}:\n  link:\n    interface: probe\n");
        WriteExecutable(Path.Combine(directory, "dispatch"), $"#!/bin/sh\nexec '{TestCharm}' {role}\n");
        return directory;
    }

    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
