using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// Writes to the unit's log with <c>juju-log</c>. A failing <c>juju-log</c> never fails the hook: the line goes to standard
/// error instead.
/// </summary>
/// <remarks>
/// Under a backend that folds log lines (<see cref="IJujuBackend.FoldsLogLines"/>: the real hook tools), DEBUG and INFO
/// lines are held and sent together (<see cref="IJujuBackend.LogLines"/>: one <c>juju-log</c> call, a line each, per run
/// of one level) before a WARNING or ERROR line (which goes at once, the order kept) and at the end of the hook, whether
/// it succeeded or failed.
/// </remarks>
public sealed class JujuLogger
{
    private readonly IJujuBackend _backend;
    private readonly TextWriter _fallback;
    private readonly List<KeyValuePair<LogLevel, string>> _held = [];

    internal JujuLogger(IJujuBackend backend, TextWriter fallback)
    {
        _backend = backend;
        _fallback = fallback;
    }

    /// <summary>Logs at <paramref name="level"/>.</summary>
    public void Log(LogLevel level, string message)
    {
        message ??= "";
        if (level <= LogLevel.Info && _backend.FoldsLogLines)
        {
            _held.Add(new(level, message));
            return;
        }

        // WARNING and ERROR go at once, after the lines held before them (the order is kept).
        Flush();

        try
        {
            _backend.Log(level, message);
        }
        catch (HookToolException e)
        {
            _fallback.WriteLine($"{level.ToString().ToUpperInvariant()}: {message} (juju-log failed: {e.Message})");
        }
    }

    /// <summary>Sends the held DEBUG/INFO lines now (the framework does at the end of every hook).</summary>
    public void Flush()
    {
        if (_held.Count == 0)
        {
            return;
        }

        var lines = _held.ToArray();
        _held.Clear();
        try
        {
            _backend.LogLines(lines);
        }
        catch (HookToolException e)
        {
            foreach (var (level, line) in lines)
            {
                _fallback.WriteLine($"{level.ToString().ToUpperInvariant()}: {line} (juju-log failed: {e.Message})");
            }
        }
    }

    /// <summary>Logs at DEBUG.</summary>
    public void Debug(string message) => Log(LogLevel.Debug, message);

    /// <summary>Logs at INFO.</summary>
    public void Info(string message) => Log(LogLevel.Info, message);

    /// <summary>Logs at WARNING.</summary>
    public void Warning(string message) => Log(LogLevel.Warning, message);

    /// <summary>Logs at ERROR.</summary>
    public void Error(string message) => Log(LogLevel.Error, message);
}
