using System.Text;
using Charm.Framework.Hosting;
using Charm.Framework.Processes;

namespace Charm.Framework.Tests.Support;

/// <summary>
/// A temporary directory of small <c>#!/bin/sh</c> scripts standing in for Juju's hook tools (or any program). Each tool
/// records every call — its arguments, one per line, and its standard input — and then prints canned output, writes canned
/// standard error and exits with a canned code. <see cref="CreateRunner"/> gives a real <see cref="SystemProcessRunner"/>
/// whose <c>PATH</c> has the directory first. Disposing deletes the directory.
/// </summary>
public sealed class FakeToolDirectory : IDisposable
{
    /// <summary>The line written after the arguments of each call in <c>&lt;tool&gt;.argv</c>.</summary>
    public const string EndOfCall = "--end-of-call--";

    /// <summary>The line written after the standard input of each call in <c>&lt;tool&gt;.stdin</c>.</summary>
    public const string EndOfInput = "--end-of-input--";

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Creates an empty directory under the system's temporary directory.</summary>
    public FakeToolDirectory()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "charm-fake-tools-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        RecordDirectory = Path.Combine(DirectoryPath, ".calls");
        Directory.CreateDirectory(RecordDirectory);
    }

    /// <summary>The directory holding the tools.</summary>
    public string DirectoryPath { get; }

    /// <summary>Where the tools write their records (kept out of the tool directory itself).</summary>
    public string RecordDirectory { get; }

    /// <summary><c>PATH</c> with <see cref="DirectoryPath"/> first, then this process's <c>PATH</c>.</summary>
    public string SearchPath
    {
        get
        {
            var inherited = Environment.GetEnvironmentVariable("PATH");
            return string.IsNullOrEmpty(inherited) ? DirectoryPath : DirectoryPath + ":" + inherited;
        }
    }

    /// <summary>A real process runner whose <c>PATH</c> is <see cref="SearchPath"/>, plus <paramref name="extra"/> variables.</summary>
    public SystemProcessRunner CreateRunner(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                environment[name] = value;
            }
        }

        environment["PATH"] = SearchPath;
        return new SystemProcessRunner(environment);
    }

    /// <summary>A <see cref="HookToolBackend"/> over <see cref="CreateRunner"/> with the given per-call timeout (default 10 s).</summary>
    public HookToolBackend CreateBackend(TimeSpan? timeout = null) => new(CreateRunner(), timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>
    /// Adds a tool that records its call, runs <paramref name="before"/> (shell lines, e.g. <c>sleep 30</c>), prints
    /// <paramref name="stdout"/> and <paramref name="stderr"/> verbatim and exits with <paramref name="exitCode"/>.
    /// </summary>
    public string AddTool(string name, string stdout = "", int exitCode = 0, string stderr = "", string before = "")
    {
        File.WriteAllText(Path.Combine(RecordDirectory, name + ".out"), stdout, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(RecordDirectory, name + ".err"), stderr, new UTF8Encoding(false));
        var records = Quote(Path.Combine(RecordDirectory, name));
        var body = new StringBuilder()
            .Append("for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> ").Append(records).Append(".argv\n")
            .Append("printf '%s\\n' '").Append(EndOfCall).Append("' >> ").Append(records).Append(".argv\n")
            .Append("cat >> ").Append(records).Append(".stdin\n")
            .Append("printf '\\n%s\\n' '").Append(EndOfInput).Append("' >> ").Append(records).Append(".stdin\n")
            .Append(before).Append('\n')
            .Append("cat ").Append(records).Append(".out\n")
            .Append("cat ").Append(records).Append(".err >&2\n")
            .Append("exit ").Append(exitCode).Append('\n')
            .ToString();
        return AddScript(name, body);
    }

    /// <summary>Adds an executable <c>#!/bin/sh</c> script with <paramref name="body"/> and returns its path.</summary>
    public string AddScript(string name, string body)
    {
        var path = Path.Combine(DirectoryPath, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body, new UTF8Encoding(false));
        File.SetUnixFileMode(path, Executable);
        return path;
    }

    /// <summary>Adds a file that is not executable (to test that case).</summary>
    public string AddNonExecutable(string name, string body = "#!/bin/sh\nexit 0\n")
    {
        var path = Path.Combine(DirectoryPath, name);
        File.WriteAllText(path, body, new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The argument vectors of every call of <paramref name="name"/> so far (an added tool only), oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Calls(string name)
    {
        var file = Path.Combine(RecordDirectory, name + ".argv");
        if (!File.Exists(file))
        {
            return [];
        }

        var calls = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var line in File.ReadAllLines(file, Encoding.UTF8))
        {
            if (line == EndOfCall)
            {
                calls.Add(current);
                current = [];
            }
            else
            {
                current.Add(line);
            }
        }

        return calls;
    }

    /// <summary>The arguments of the only call of <paramref name="name"/>; fails unless it was called exactly once.</summary>
    public IReadOnlyList<string> SingleCall(string name) => Assert.Single(Calls(name));

    /// <summary>The standard input of every call of <paramref name="name"/> so far, oldest first.</summary>
    public IReadOnlyList<string> Inputs(string name)
    {
        var file = Path.Combine(RecordDirectory, name + ".stdin");
        if (!File.Exists(file))
        {
            return [];
        }

        var separator = "\n" + EndOfInput + "\n";
        var text = File.ReadAllText(file, Encoding.UTF8);
        var parts = text.Split(separator);
        return parts[..^1];
    }

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
