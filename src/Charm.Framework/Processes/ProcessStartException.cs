namespace Charm.Framework.Processes;

/// <summary>A program could not be started at all: it is not on <c>PATH</c>, or not executable.</summary>
public sealed class ProcessStartException : Exception
{
    /// <summary>Creates the exception for <paramref name="fileName"/>.</summary>
    public ProcessStartException(string fileName, string message, Exception? inner = null)
        : base(message, inner) => FileName = fileName;

    /// <summary>The program that could not be started.</summary>
    public string FileName { get; }
}
