using System.Globalization;
using System.Text;
using Charm.Simulator.Model;

namespace Charm.Simulator.Backends;

/// <summary>
/// The files of a run with real charm processes: a <c>bin</c> directory of hook tools (links to, or wrappers around,
/// <c>charm-sim-tool</c>), the server's socket, and one copy of the charm directory per unit, so each unit keeps its own
/// state file as on a real machine.
/// </summary>
internal sealed class ProcessWorkspace : IDisposable
{
    /// <summary>State files a charm keeps in its directory; a unit's copy starts without them.</summary>
    private static readonly string[] StateFiles = [".unit-state.json", ".unit-state.db"];

    private readonly bool _owned;
    private readonly bool _keep;

    public ProcessWorkspace(string? root, bool keep)
    {
        _keep = keep;
        if (string.IsNullOrEmpty(root))
        {
            Root = Directory.CreateTempSubdirectory("charm-sim-").FullName;
            _owned = true;
        }
        else
        {
            Root = Path.GetFullPath(root);
            Directory.CreateDirectory(Root);
        }

        BinDirectory = Path.Combine(Root, "bin");
        WorkloadDirectory = Path.Combine(Root, "workload-bin");
        UnitsDirectory = Path.Combine(Root, "units");
        Directory.CreateDirectory(BinDirectory);
        Directory.CreateDirectory(WorkloadDirectory);
        Directory.CreateDirectory(UnitsDirectory);

        // A Unix socket path must fit in 108 bytes; fall back to a short directory when the root is deep.
        var socket = Path.Combine(Root, "agent.sock");
        if (Encoding.UTF8.GetByteCount(socket) >= 100)
        {
            SocketDirectory = Directory.CreateTempSubdirectory("csim").FullName;
            socket = Path.Combine(SocketDirectory, "agent.sock");
        }

        SocketPath = socket;
    }

    public string Root { get; }

    /// <summary>The hook tools' directory (Juju's tools directory), first on a hook's <c>PATH</c>.</summary>
    public string BinDirectory { get; }

    /// <summary>
    /// The workload CLI's directory, on <c>PATH</c> after the hook tools: apart from them, as on a real machine, so that a
    /// charm that runs its workload without the tools directory on <c>PATH</c> still finds the CLI.
    /// </summary>
    public string WorkloadDirectory { get; }

    public string UnitsDirectory { get; }

    public string SocketPath { get; }

    private string? SocketDirectory { get; }

    /// <summary>Puts <paramref name="names"/> on the hook tools' <c>PATH</c>, all running <paramref name="tool"/>.</summary>
    public void InstallTools(HookToolExecutable tool, IEnumerable<string> names) => Install(BinDirectory, tool, names);

    /// <summary>Puts the workload CLI <paramref name="programName"/> in <see cref="WorkloadDirectory"/>, running <paramref name="tool"/>.</summary>
    public void InstallWorkload(HookToolExecutable tool, string programName) => Install(WorkloadDirectory, tool, [programName]);

    private static void Install(string directory, HookToolExecutable tool, IEnumerable<string> names)
    {
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                File.Delete(path);
            }

            if (tool.IsLauncher)
            {
                File.CreateSymbolicLink(path, tool.Path);
            }
            else
            {
                File.WriteAllText(path, $"#!/bin/sh\nexec dotnet {Quote(tool.Path)} {Quote(name)} \"$@\"\n", new UTF8Encoding(false));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                }
            }
        }
    }

    /// <summary>Copies the unit's charm directory into the workspace and returns the copy's path.</summary>
    public string PrepareUnit(SimulatedUnit unit)
    {
        var source = unit.Application.Charm.Directory ?? throw new InvalidOperationException($"{unit.Name}'s charm is not a directory.");
        var target = Path.Combine(UnitsDirectory, unit.Application.Name + "-" + unit.Number.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Copy(new DirectoryInfo(source), target, top: true);
        return target;
    }

    public void Dispose()
    {
        TryDelete(SocketDirectory);
        if (_owned && !_keep)
        {
            TryDelete(Root);
        }
    }

    private static void Copy(DirectoryInfo source, string target, bool top)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(destination, link);
                }
                else
                {
                    File.CreateSymbolicLink(destination, link);
                }
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory, destination, top: false);
            }
            else if (!(top && StateFiles.Contains(entry.Name)))
            {
                File.Copy(entry.FullName, destination);
            }
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void TryDelete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
