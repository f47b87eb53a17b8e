using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>Writes to the unit's log with <c>juju-log</c>. A failing <c>juju-log</c> never fails the hook: the line goes to standard error instead.</summary>
public sealed class JujuLogger
{
    private readonly IJujuBackend _backend;
    private readonly TextWriter _fallback;

    internal JujuLogger(IJujuBackend backend, TextWriter fallback)
    {
        _backend = backend;
        _fallback = fallback;
    }

    /// <summary>Logs at <paramref name="level"/>.</summary>
    public void Log(LogLevel level, string message)
    {
        try
        {
            _backend.Log(level, message);
        }
        catch (HookToolException e)
        {
            _fallback.WriteLine($"{level.ToString().ToUpperInvariant()}: {message} (juju-log failed: {e.Message})");
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
