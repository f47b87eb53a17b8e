namespace Charm.Framework.Processes;

/// <summary>What to run: a program, its arguments (never parsed by a shell), optional standard input and a timeout.</summary>
/// <param name="FileName">The program: a name looked up on <c>PATH</c>, or a path.</param>
/// <param name="Arguments">The argument vector after the program name, passed as is.</param>
/// <param name="Timeout">How long the process may run before it is killed (with its children).</param>
/// <param name="StandardInput">Text written to the process's standard input, which is then closed; <see langword="null"/> closes it at once.</param>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout, string? StandardInput = null)
{
    /// <summary>The command line as a person would read it, for logs and error messages (arguments are not redacted here).</summary>
    public override string ToString() => Arguments.Count == 0 ? FileName : FileName + " " + string.Join(' ', Arguments);
}
