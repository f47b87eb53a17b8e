namespace Charm.Framework.Model;

/// <summary>A workload status: a <see cref="StatusKind"/> and a message, as <c>status-set</c> takes them.</summary>
/// <param name="Kind">The status name.</param>
/// <param name="Message">The message shown by <c>juju status</c>; may be empty.</param>
public sealed record Status(StatusKind Kind, string Message)
{
    /// <summary>The status before anything was set.</summary>
    public static Status Unknown { get; } = new(StatusKind.Unknown, "");

    /// <summary>An <c>active</c> status.</summary>
    public static Status Active(string message = "") => new(StatusKind.Active, message);

    /// <summary>A <c>blocked</c> status.</summary>
    public static Status Blocked(string message) => new(StatusKind.Blocked, message);

    /// <summary>A <c>maintenance</c> status.</summary>
    public static Status Maintenance(string message) => new(StatusKind.Maintenance, message);

    /// <summary>A <c>waiting</c> status.</summary>
    public static Status Waiting(string message) => new(StatusKind.Waiting, message);

    /// <summary>The name Juju uses on the command line and in JSON: <c>active</c>, <c>blocked</c>, ….</summary>
    public string Name => ToJujuName(Kind);

    /// <summary>Maps a kind to Juju's name for it.</summary>
    public static string ToJujuName(StatusKind kind) => kind switch
    {
        StatusKind.Active => "active",
        StatusKind.Blocked => "blocked",
        StatusKind.Maintenance => "maintenance",
        StatusKind.Waiting => "waiting",
        StatusKind.Error => "error",
        _ => "unknown",
    };

    /// <summary>Maps Juju's name to a kind; an unknown name is <see cref="StatusKind.Unknown"/>.</summary>
    public static StatusKind ParseJujuName(string? name) => name switch
    {
        "active" => StatusKind.Active,
        "blocked" => StatusKind.Blocked,
        "maintenance" => StatusKind.Maintenance,
        "waiting" => StatusKind.Waiting,
        "error" => StatusKind.Error,
        _ => StatusKind.Unknown,
    };

    /// <inheritdoc />
    public override string ToString() => Message.Length == 0 ? Name : $"{Name}: {Message}";
}
