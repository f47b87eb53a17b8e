using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// Writes to the unit's log with <c>juju-log</c>. A failing <c>juju-log</c> never fails the hook: the line goes to standard
/// error instead.
/// </summary>
/// <remarks>
/// Under a backend that folds log lines (<see cref="IJujuBackend.FoldsLogLines"/>: the real hook tools), DEBUG and INFO
/// lines are held and sent together as one <c>juju-log</c> call, a line each: before a line of another level (so the
/// order is kept and WARNING and ERROR go at once), and at the end of the hook, whether it succeeded or failed.
/// </remarks>
public sealed class JujuLogger
{
    private readonly IJujuBackend _backend;
    private readonly TextWriter _fallback;
    private readonly List<string> _held = [];
    private LogLevel _heldLevel;

    internal JujuLogger(IJujuBackend backend, TextWriter fallback)
    {
        _backend = backend;
        _fallback = fallback;
    }

    /// <summary>Logs at <paramref name="level"/>.</summary>
    public void Log(LogLevel level, string message)
    {
        message ??= "";
        if (_held.Count > 0 && level != _heldLevel)
        {
            Flush();
        }

        if (level <= LogLevel.Info && _backend.FoldsLogLines)
        {
            _heldLevel = level;
            _held.Add(message);
            return;
        }

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
            _backend.LogLines(_heldLevel, lines);
        }
        catch (HookToolException e)
        {
            foreach (var line in lines)
            {
                _fallback.WriteLine($"{_heldLevel.ToString().ToUpperInvariant()}: {line} (juju-log failed: {e.Message})");
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
