namespace Charm.Framework.Hosting;

/// <summary>The saved unit state cannot be read or written. The file is kept as it was, for a human to inspect.</summary>
public sealed class StateFileException : ModelException
{
    /// <summary>Creates the exception.</summary>
    public StateFileException(string path, string message, Exception? inner = null)
        : base(message, inner) => Path = path;

    /// <summary>The state file.</summary>
    public string Path { get; }
}
