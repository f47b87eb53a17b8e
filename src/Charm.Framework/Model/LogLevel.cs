namespace Charm.Framework.Model;

/// <summary>The levels <c>juju-log --log-level</c> accepts.</summary>
public enum LogLevel
{
    /// <summary><c>DEBUG</c>.</summary>
    Debug,
    /// <summary><c>INFO</c>.</summary>
    Info,
    /// <summary><c>WARNING</c>.</summary>
    Warning,
    /// <summary><c>ERROR</c>.</summary>
    Error,
}
