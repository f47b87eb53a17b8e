namespace Charm.Framework;

/// <summary>A hook tool failed: it exited non-zero (its standard error is kept), timed out, or printed what could not be read.</summary>
public class HookToolException : ModelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tool">The hook tool, e.g. <c>relation-get</c>.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="exitCode">The tool's exit code, or <see langword="null"/> when it did not exit on its own.</param>
    /// <param name="standardError">The tool's standard error.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public HookToolException(string tool, string message, int? exitCode = null, string standardError = "", Exception? inner = null)
        : base(message, inner)
    {
        Tool = tool;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The hook tool that failed.</summary>
    public string Tool { get; }

    /// <summary>Its exit code, if it exited.</summary>
    public int? ExitCode { get; }

    /// <summary>What it wrote to standard error.</summary>
    public string StandardError { get; }

    /// <summary>Builds the typed exception Juju's error text calls for: relation gone, permission denied, or a plain failure.</summary>
    public static HookToolException FromFailure(string tool, int exitCode, string standardError)
    {
        var text = standardError.Trim();
        var message = $"{tool} exited with code {exitCode}: {(text.Length == 0 ? "(no message on stderr)" : text)}";
        if (text.Contains("relation not found", StringComparison.OrdinalIgnoreCase))
        {
            return new RelationNotFoundException(tool, message, exitCode, standardError);
        }

        if (tool.StartsWith("secret-", StringComparison.Ordinal) && text.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return new SecretNotFoundException(tool, message, exitCode, standardError);
        }

        if (text.Contains("no network config found for binding", StringComparison.OrdinalIgnoreCase))
        {
            return new BindingNotFoundException(tool, message, exitCode, standardError);
        }

        if (text.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
            || text.Contains(Hosting.JujuAgentRules.NonLeaderAppWrite, StringComparison.OrdinalIgnoreCase))
        {
            return new PermissionDeniedException(tool, message, exitCode, standardError);
        }

        return new HookToolException(tool, message, exitCode, standardError);
    }
}

/// <summary>The relation a hook tool was asked about no longer exists (Juju says <c>relation not found</c>).</summary>
public sealed class RelationNotFoundException : HookToolException
{
    /// <summary>Creates the exception.</summary>
    public RelationNotFoundException(string tool, string message, int? exitCode = null, string standardError = "")
        : base(tool, message, exitCode, standardError)
    {
    }
}

/// <summary>Juju refused the call (<c>permission denied</c>), e.g. a non-leader writing its application's databag.</summary>
public sealed class PermissionDeniedException : HookToolException
{
    /// <summary>Creates the exception.</summary>
    public PermissionDeniedException(string tool, string message, int? exitCode = null, string standardError = "")
        : base(tool, message, exitCode, standardError)
    {
    }
}

/// <summary>
/// <c>network-get</c> has nothing for the binding (Juju says <c>no network config found for binding "&lt;name&gt;"</c>): the
/// name is neither an endpoint nor an extra binding of the charm, or its space has no addresses on this machine.
/// </summary>
public sealed class BindingNotFoundException : HookToolException
{
    /// <summary>Creates the exception.</summary>
    public BindingNotFoundException(string tool, string message, int? exitCode = null, string standardError = "")
        : base(tool, message, exitCode, standardError)
    {
    }
}

/// <summary>
/// A <c>secret-*</c> tool could not find the secret (Juju's text contains <c>not found</c>, which ops maps to
/// <c>SecretNotFoundError</c>): it does not exist, was removed, or this unit was never granted it.
/// </summary>
public sealed class SecretNotFoundException : HookToolException
{
    /// <summary>Creates the exception.</summary>
    public SecretNotFoundException(string tool, string message, int? exitCode = null, string standardError = "")
        : base(tool, message, exitCode, standardError)
    {
    }
}

/// <summary>A hook tool did not answer within its timeout and was killed.</summary>
public sealed class HookToolTimeoutException : HookToolException
{
    /// <summary>Creates the exception.</summary>
    public HookToolTimeoutException(string tool, TimeSpan timeout)
        : base(tool, $"{tool} did not finish within {timeout.TotalSeconds:0.###} s and was killed; the Juju agent may be overloaded or unreachable.")
        => Timeout = timeout;

    /// <summary>The timeout that ran out.</summary>
    public TimeSpan Timeout { get; }
}
