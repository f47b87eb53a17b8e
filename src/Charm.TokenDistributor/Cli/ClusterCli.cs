using System.Globalization;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// Runs the workload's cluster CLI (<c>&lt;cli&gt; bootstrap|add|join|list|remove</c>) through an
/// <see cref="IProcessRunner"/>, with a timeout on every call, standard error always captured, and join tokens kept out
/// of every log line, message and exception.
/// </summary>
/// <remarks>
/// <para>
/// <b>Outcomes.</b> Every operation returns normally when the command exited with code 0 (and, for <see cref="Add"/> and
/// <see cref="List"/>, printed what it should), and otherwise throws <see cref="ClusterCliException"/>, whose
/// <see cref="ClusterCliException.Kind"/> says whether the command failed (non-zero exit), timed out, could not be
/// started, or printed malformed output, and whose <see cref="ClusterCliException.Failure"/> names a well-known failure
/// recognised from standard error (e.g. <see cref="ClusterFailure.TokenRejected"/>, <see cref="ClusterFailure.LastMember"/>).
/// Argument errors (empty name, null list) throw the usual <see cref="ArgumentException"/>s before anything runs.
/// </para>
/// <para>
/// <b>Logging.</b> Unless <see cref="LogFailures"/> is <see langword="false"/>, every failed call is reported to the log
/// callback once, before the exception is thrown: at <see cref="LogLevel.Warning"/> for a non-zero exit, at
/// <see cref="LogLevel.Error"/> for a timeout, a program that could not be started, or malformed output; the line is the
/// exception's message (the redacted command, the exit code and the redacted standard error). A caller that logs each
/// failure itself, with its own context, turns <see cref="LogFailures"/> off so that a failure is logged once. Successful
/// calls are reported at <see cref="LogLevel.Debug"/> with the redacted command only. Standard output is never logged
/// (for <c>add</c> it is a token).
/// </para>
/// <para>
/// <b>Secrets.</b> The token given to <see cref="Join"/> appears as <c>&lt;token&gt;</c> in the command line shown, and every
/// occurrence of it, and of the <c>secret</c> encoded inside it, in standard error is replaced by <c>&lt;redacted&gt;</c>. When
/// <c>add</c> fails, whatever it printed on standard output is treated as a secret in the same way. A
/// <see cref="ProcessStartException"/> from the runner is kept as the inner exception only if its text holds no secret.
/// </para>
/// <para>Instances hold no mutable state and may be shared; thread safety is that of the runner and the callback.</para>
/// </remarks>
internal sealed class ClusterCli
{
    /// <summary>How the join token is shown in command lines: <c>&lt;token&gt;</c>.</summary>
    public const string TokenPlaceholder = "<token>";

    private const int MessageErrorExcerptLength = 1000;

    private readonly IProcessRunner _runner;
    private readonly Action<LogLevel, string>? _log;

    /// <summary>Creates an adapter for <paramref name="command"/>.</summary>
    /// <param name="command">The command prefix, e.g. <c>microctl</c> or <c>microovn cluster</c>.</param>
    /// <param name="runner">Runs the processes (a <see cref="SystemProcessRunner"/> in production, a fake in tests).</param>
    /// <param name="timeout">
    /// How long each call may run before it is killed and reported as <see cref="ClusterCliErrorKind.TimedOut"/>;
    /// <see langword="null"/> means <see cref="DefaultTimeout"/> (60 seconds). Must be positive and finite: a hook must never
    /// hang on the CLI.
    /// </param>
    /// <param name="log">Receives a line per call (see the remarks); <see langword="null"/> to log nothing. Lines never hold a token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="runner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative, infinite, or longer than <see cref="MaxTimeout"/>.</exception>
    public ClusterCli(ClusterCommand command, IProcessRunner runner, TimeSpan? timeout = null, Action<LogLevel, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(runner);
        var effective = timeout ?? DefaultTimeout;
        if (effective <= TimeSpan.Zero || effective > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout),
                effective,
                "A cluster command timeout must be positive and at most " + MaxTimeout.ToString("c", CultureInfo.InvariantCulture) + ".");
        }

        Command = command;
        _runner = runner;
        Timeout = effective;
        _log = log;
    }

    /// <summary>The timeout used when none is given: 60 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest timeout accepted: 24 hours.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromHours(24);

    /// <summary>The command prefix.</summary>
    public ClusterCommand Command { get; }

    /// <summary>How long each call may run.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Whether a failed call is reported to the log callback before its <see cref="ClusterCliException"/> is thrown
    /// (default <see langword="true"/>). Set it to <see langword="false"/> when the caller logs every failure itself
    /// (e.g. with the exception's message, which holds the same redacted details), so each failure is logged once.
    /// </summary>
    public bool LogFailures { get; init; } = true;

    /// <summary>Runs <c>&lt;cli&gt; bootstrap [extraArgs…]</c>: makes this node a one-member cluster.</summary>
    /// <param name="extraArgs">Arguments after <c>bootstrap</c> (the charm's bootstrap arguments); <see langword="null"/> for none.</param>
    /// <exception cref="ClusterCliException">The command did not succeed; <see cref="ClusterFailure.AlreadyInitialised"/> if the node is already a member.</exception>
    public void Bootstrap(IReadOnlyList<string>? extraArgs = null)
    {
        var args = Concat(["bootstrap"], CheckArguments(extraArgs, nameof(extraArgs)));
        _ = Run(ClusterOperation.Bootstrap, args, args, Redactor.None, stdoutIsSecret: false);
        LogSuccess(args, Redactor.None);
    }

    /// <summary>Runs <c>&lt;cli&gt; add &lt;name&gt;</c>: issues a single-use join token for host <paramref name="name"/>.</summary>
    /// <param name="name">The host name of the node that will join.</param>
    /// <returns>The token (standard output, trimmed). It is a full cluster credential: never log it.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks microcluster's name rule (<see cref="MemberNames"/>); nothing is run.</exception>
    /// <exception cref="ClusterCliException">
    /// The command did not succeed (e.g. <see cref="ClusterFailure.NameTaken"/>, <see cref="ClusterFailure.NotInitialised"/>), or
    /// it succeeded without printing a token (<see cref="ClusterCliErrorKind.MalformedOutput"/>).
    /// </exception>
    public string Add(string name)
    {
        CheckName(name, nameof(name));
        string[] args = ["add", name];
        var result = Run(ClusterOperation.Add, args, args, Redactor.None, stdoutIsSecret: true);
        var token = result.StandardOutput.Trim();
        if (token.Length == 0)
        {
            throw Fail(
                ClusterCliErrorKind.MalformedOutput,
                ClusterOperation.Add,
                Display(args, Redactor.None),
                result.ExitCode,
                Redactor.None.Redact(result.StandardError),
                ClusterFailure.Other,
                "succeeded but printed no join token",
                null);
        }

        LogSuccess(args, Redactor.None);
        return token;
    }

    /// <summary>Runs <c>&lt;cli&gt; join &lt;token&gt; [extraArgs…]</c>: joins the cluster that issued <paramref name="token"/>.</summary>
    /// <param name="token">The join token for this node's host name. It never appears in logs or exceptions.</param>
    /// <param name="extraArgs">Arguments after the token (the charm's join arguments); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty, only white space, or starts with <c>-</c> (the message never quotes it).</exception>
    /// <exception cref="ClusterCliException">
    /// The command did not succeed; <see cref="ClusterFailure.TokenRejected"/> when the token can never work (expired, used,
    /// malformed, for another host), <see cref="ClusterFailure.AlreadyInitialised"/> when this node is already a member.
    /// </exception>
    public void Join(string token, IReadOnlyList<string>? extraArgs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (token.TrimStart().StartsWith('-'))
        {
            throw new ArgumentException("The join token is malformed: it starts with '-', which the CLI would read as an option.", nameof(token));
        }

        var extra = CheckArguments(extraArgs, nameof(extraArgs));
        var redactor = new Redactor(JoinTokens.SecretsOf(token));
        var args = Concat(["join", token], extra);
        var shown = Concat(["join", TokenPlaceholder], extra);
        _ = Run(ClusterOperation.Join, args, shown, redactor, stdoutIsSecret: false);
        LogSuccess(shown, redactor);
    }

    /// <summary>Runs <c>&lt;cli&gt; list -f json</c> and parses the members. Run it at most once per hook and reuse the result.</summary>
    /// <returns>The members.</returns>
    /// <exception cref="ClusterCliException">
    /// The command did not succeed (<see cref="ClusterFailure.NotInitialised"/> when this node is not a member), or printed
    /// something that is not a JSON array of members (<see cref="ClusterCliErrorKind.MalformedOutput"/>, with the
    /// <see cref="ClusterOutputException"/> as inner exception).
    /// </exception>
    public ClusterMembership List()
    {
        string[] args = ["list", "-f", "json"];
        var result = Run(ClusterOperation.List, args, args, Redactor.None, stdoutIsSecret: false);
        ClusterMembership membership;
        try
        {
            membership = ClusterMembership.Parse(result.StandardOutput);
        }
        catch (ClusterOutputException e)
        {
            throw Fail(
                ClusterCliErrorKind.MalformedOutput,
                ClusterOperation.List,
                Display(args, Redactor.None),
                result.ExitCode,
                Redactor.None.Redact(result.StandardError),
                ClusterFailure.Other,
                "printed unexpected output: " + e.Problem + (e.OutputExcerpt.Length == 0 ? string.Empty : " (output begins: \"" + e.OutputExcerpt + "\")"),
                e);
        }

        LogSuccess(args, Redactor.None);
        return membership;
    }

    /// <summary>Runs <c>&lt;cli&gt; remove &lt;name&gt;</c>: removes member <paramref name="name"/>.</summary>
    /// <param name="name">The member's name.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks microcluster's name rule (<see cref="MemberNames"/>); nothing is run.</exception>
    /// <exception cref="ClusterCliException">
    /// The command did not succeed; <see cref="ClusterFailure.LastMember"/> when <paramref name="name"/> is the only member
    /// (a normal outcome when the last unit goes away).
    /// </exception>
    public void Remove(string name)
    {
        CheckName(name, nameof(name));
        string[] args = ["remove", name];
        _ = Run(ClusterOperation.Remove, args, args, Redactor.None, stdoutIsSecret: false);
        LogSuccess(args, Redactor.None);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ClusterCli({Command}, timeout {Timeout.ToString("c", CultureInfo.InvariantCulture)})";

    private ProcessResult Run(ClusterOperation operation, string[] args, string[] shownArgs, Redactor redactor, bool stdoutIsSecret)
    {
        var display = Display(shownArgs, redactor);
        var spec = new ProcessSpec(Command.Program, Concat([.. Command.LeadingArguments], args), Timeout, StandardInput: null);
        ProcessResult result;
        try
        {
            result = _runner.Run(spec);
        }
        catch (ProcessStartException e)
        {
            throw Fail(
                ClusterCliErrorKind.NotStarted,
                operation,
                display,
                null,
                string.Empty,
                ClusterFailure.Other,
                "could not be started: " + redactor.Redact(e.Message),
                HoldsSecret(e, redactor) ? null : e);
        }

        if (result.TimedOut || result.ExitCode != 0)
        {
            if (stdoutIsSecret)
            {
                redactor = redactor.With(SecretsOfOutput(result.StandardOutput));
            }

            var standardError = redactor.Redact(result.StandardError);
            if (result.TimedOut)
            {
                throw Fail(
                    ClusterCliErrorKind.TimedOut,
                    operation,
                    display,
                    null,
                    standardError,
                    ClusterFailure.Other,
                    "did not finish within " + Timeout.ToString("c", CultureInfo.InvariantCulture) + " and was killed",
                    null);
            }

            throw Fail(
                ClusterCliErrorKind.Failed,
                operation,
                display,
                result.ExitCode,
                standardError,
                ClusterFailureClassifier.Classify(operation, standardError),
                result.StandardErrorTruncated ? "failed (its error output was cut short: it wrote more than the runner keeps)" : "failed",
                null);
        }

        if (result.StandardOutputTruncated)
        {
            // A token or member list cut short is no token or member list: never parse or hand out a beginning.
            throw Fail(
                ClusterCliErrorKind.MalformedOutput,
                operation,
                display,
                result.ExitCode,
                redactor.Redact(result.StandardError),
                ClusterFailure.Other,
                "printed more on standard output than the runner keeps (the rest was dropped); check the CLI",
                null);
        }

        return result;
    }

    private void LogSuccess(string[] shownArgs, Redactor redactor) =>
        _log?.Invoke(LogLevel.Debug, $"Cluster command `{Display(shownArgs, redactor)}` succeeded.");

    /// <summary>Whether an exception's text (message, inner exceptions, stack) holds a secret, so that it must not be kept as the inner exception.</summary>
    private static bool HoldsSecret(Exception e, Redactor redactor)
    {
        var text = e.ToString();
        return !string.Equals(text, redactor.Redact(text), StringComparison.Ordinal);
    }

    private ClusterCliException Fail(
        ClusterCliErrorKind kind,
        ClusterOperation operation,
        string display,
        int? exitCode,
        string standardError,
        ClusterFailure failure,
        string what,
        Exception? inner)
    {
        var message = $"Cluster command `{display}` {what}";
        if (exitCode is { } code)
        {
            message += " (exit code " + code.ToString(CultureInfo.InvariantCulture) + ")";
        }

        if (failure != ClusterFailure.Other)
        {
            message += " [" + failure.ToString() + "]";
        }

        var trimmedError = standardError.Trim();
        message += trimmedError.Length == 0
            ? "; no error output."
            : "; error output: " + TextExcerpt.Of(trimmedError, MessageErrorExcerptLength);

        // The last member cannot leave its own cluster: an expected outcome of removing it, not a warning.
        var level = kind != ClusterCliErrorKind.Failed ? LogLevel.Error
            : failure == ClusterFailure.LastMember ? LogLevel.Info
            : LogLevel.Warning;
        if (LogFailures)
        {
            _log?.Invoke(level, message);
        }

        return new ClusterCliException(kind, operation, display, exitCode, standardError, failure, message, inner);
    }

    private string Display(string[] shownArgs, Redactor redactor)
    {
        var words = Concat([.. Command.Words], shownArgs);
        return redactor.Redact(string.Join(' ', words));
    }

    private static string[] Concat(string[] first, string[] second) => [.. first, .. second];

    private static string[] CheckArguments(IReadOnlyList<string>? extraArgs, string parameterName)
    {
        if (extraArgs is null)
        {
            return [];
        }

        var copy = new string[extraArgs.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = extraArgs[i] ?? throw new ArgumentNullException(parameterName, $"Extra argument {i.ToString(CultureInfo.InvariantCulture)} is null.");
        }

        return copy;
    }

    private static void CheckName(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        if (MemberNames.Problem(name) is { } problem)
        {
            throw new ArgumentException($"\"{TextExcerpt.Of(name, 100)}\" is not a member name the cluster accepts: {problem}.", parameterName);
        }
    }

    /// <summary>What a failed <c>add</c> printed on standard output: the whole of it and each line, trimmed, if at least 8 characters long.</summary>
    private static string?[] SecretsOfOutput(string standardOutput)
    {
        const int minimumLength = 8;
        var secrets = new List<string?>();
        var whole = standardOutput.Trim();
        if (whole.Length >= minimumLength)
        {
            secrets.Add(whole);
        }

        foreach (var line in standardOutput.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length >= minimumLength)
            {
                secrets.Add(trimmed);
            }
        }

        return [.. secrets];
    }
}
