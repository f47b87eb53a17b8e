namespace Charm.Testing;

/// <summary>A hook failed in a test that expected it to succeed; the charm's error is the inner exception.</summary>
public sealed class UncaughtCharmException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UncaughtCharmException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
