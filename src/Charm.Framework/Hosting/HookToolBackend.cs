using Charm.Framework.Hosting.HookTools;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Framework.Hosting;

/// <summary>
/// The backend a charm uses under a real Juju agent (and under the simulator): every call runs the matching hook tool,
/// with the command line the Python <c>ops</c> framework (3.x) uses, and reads its JSON output.
/// </summary>
/// <remarks>
/// <para>
/// Failures are always a <see cref="HookToolException"/>: a non-zero exit becomes
/// <see cref="HookToolException.FromFailure"/> (so <c>relation not found</c> is a <see cref="RelationNotFoundException"/>
/// and <c>permission denied</c> a <see cref="PermissionDeniedException"/>, with the tool's standard error kept); a tool
/// that outlives <see cref="Timeout"/> is killed with its children and raises <see cref="HookToolTimeoutException"/>; a
/// tool that cannot be started (not on <c>PATH</c>: the charm is not running inside a hook) or that prints something
/// other than the expected JSON raises a plain <see cref="HookToolException"/> that says so.
/// </para>
/// <para>
/// <see cref="Log"/> only runs <c>juju-log</c>; when that fails it throws like any other call and never tries to log the
/// failure, so the caller decides where the line goes instead.
/// </para>
/// <para>
/// Log lines below <see cref="MinimumLogLevel"/> are dropped without running <c>juju-log</c>. Each hook-tool call is a
/// process, so a charm that logs every step at DEBUG pays for a process per line, while a Juju model at its default
/// logging configuration (<c>unit=INFO</c>) discards those lines in the agent anyway. The backend sends everything by
/// default; <see cref="Dispatch.Dispatcher"/> sets the level from <see cref="Dispatch.DispatchOptions.MinimumLogLevel"/>.
/// </para>
/// <para>The backend keeps no state and may be shared between threads.</para>
/// </remarks>
public sealed partial class HookToolBackend : IJujuBackend
{
    private readonly IProcessRunner _runner;

    /// <summary>Runs the hook tools as real processes (<see cref="SystemProcessRunner.Instance"/>) with <see cref="DefaultTimeout"/>.</summary>
    public HookToolBackend()
        : this(SystemProcessRunner.Instance, DefaultTimeout)
    {
    }

    /// <summary>Runs the hook tools through <paramref name="runner"/> with <see cref="DefaultTimeout"/>.</summary>
    public HookToolBackend(IProcessRunner runner)
        : this(runner, DefaultTimeout)
    {
    }

    /// <summary>Runs the hook tools through <paramref name="runner"/>, killing any single call that takes longer than <paramref name="timeout"/>.</summary>
    /// <param name="runner">Starts the tools; <see cref="SystemProcessRunner"/> outside tests.</param>
    /// <param name="timeout">The limit for each tool call; positive, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    public HookToolBackend(IProcessRunner runner, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A hook tool timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        _runner = runner;
        Timeout = timeout;
    }

    /// <summary>
    /// The default limit for one hook tool call: 30 seconds. Hook tools answer from the local unit agent in well under a
    /// second; a call that takes this long means the agent is stuck, and failing the hook (Juju retries it) beats hanging it.
    /// </summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit for each hook tool call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The least severe level <see cref="Log"/> sends with <c>juju-log</c>; a line below it is dropped without running the
    /// tool. Default <see cref="LogLevel.Debug"/>: every line is sent.
    /// </summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Debug;

    /// <inheritdoc />
    public IReadOnlyList<RelationId> RelationIds(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var output = Run("relation-ids", null, endpoint, "--format=json");
        var ids = new List<RelationId>();
        foreach (var text in output.StringArray())
        {
            if (!RelationId.TryParse(text, out var id))
            {
                throw output.Unexpected("a JSON array of relation ids", $"'{text}' is not of the form '<endpoint>:<number>'");
            }

            ids.Add(id);
        }

        return ids.AsReadOnly();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> RelationUnits(RelationId relation)
        => Run("relation-list", null, "--format=json", "-r", RelationArgument(relation)).StringArray();

    /// <inheritdoc />
    public string? RelationRemoteApp(RelationId relation)
        => Run("relation-list", null, "--format=json", "--app", "-r", RelationArgument(relation)).NullableString();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp)
    {
        ArgumentException.ThrowIfNullOrEmpty(member);
        var output = isApp
            ? Run("relation-get", null, "--format=json", "-r", RelationArgument(relation), "--app", "-", member)
            : Run("relation-get", null, "--format=json", "-r", RelationArgument(relation), "-", member);
        return output.StringMap();
    }

    /// <inheritdoc />
    public void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var input = HookToolInput.StringMap(changes);
        _ = isApp
            ? Run("relation-set", input, "-r", RelationArgument(relation), "--app", "--file", "-")
            : Run("relation-set", input, "-r", RelationArgument(relation), "--file", "-");
    }

    /// <inheritdoc />
    public bool IsLeader() => Run("is-leader", null, "--format=json").Boolean();

    /// <inheritdoc />
    public void StatusSet(Status status, bool application)
    {
        ArgumentNullException.ThrowIfNull(status);
        _ = Run("status-set", null, ApplicationFlag(application), status.Name, "--", status.Message ?? "");
    }

    /// <inheritdoc />
    public Status StatusGet(bool application)
        => Run("status-get", null, "--include-data", "--format=json", ApplicationFlag(application)).Status();

    /// <inheritdoc />
    public void Log(LogLevel level, string message)
    {
        var name = level switch
        {
            LogLevel.Debug => "DEBUG",
            LogLevel.Info => "INFO",
            LogLevel.Warning => "WARNING",
            LogLevel.Error => "ERROR",
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "juju-log takes DEBUG, INFO, WARNING or ERROR."),
        };
        if (level < MinimumLogLevel)
        {
            return;
        }

        _ = Run("juju-log", null, "--log-level", name, "--", message ?? "");
    }

    /// <inheritdoc />
    /// <remarks>Always: each hook-tool call is a process, and a hook's INFO lines are one <c>juju-log</c> call this way.</remarks>
    public bool FoldsLogLines => true;

    /// <inheritdoc />
    public void LogLines(IReadOnlyList<KeyValuePair<LogLevel, string>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var (level, message) in LogFolding.Runs(lines.Where(l => l.Key >= MinimumLogLevel)))
        {
            Log(level, message);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ConfigValue> ConfigGet() => Run("config-get", null, "--format=json").ConfigMap();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> StateGet() => Run("state-get", null, "--format=json").StringMap();

    /// <inheritdoc />
    public void StateSet(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _ = Run("state-set", HookToolInput.StringMap(values), "--file", "-");
    }

    /// <inheritdoc />
    public void StateDelete(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _ = Run("state-delete", null, key);
    }

    private static string RelationArgument(RelationId relation)
    {
        if (string.IsNullOrEmpty(relation.Endpoint))
        {
            throw new ArgumentException("The relation id has no endpoint; hook tools take '<endpoint>:<number>', e.g. 'cluster:7'.", nameof(relation));
        }

        return relation.ToString();
    }

    private static string ApplicationFlag(bool application) => application ? "--application=True" : "--application=False";

    private HookToolOutput Run(string tool, string? input, params string[] arguments)
    {
        var spec = new ProcessSpec(tool, arguments, Timeout, input);
        ProcessResult result;
        try
        {
            result = _runner.Run(spec);
        }
        catch (ProcessStartException e)
        {
            throw new HookToolException(
                tool,
                $"The Juju hook tool '{tool}' could not be run: {e.Message} Hook tools are on PATH only while Juju runs a hook, "
                + "so the charm must run inside a Juju hook (through its dispatch script) or under the simulator; unit tests "
                + "should use the in-memory backend from Charm.Testing instead.",
                inner: e);
        }

        if (result.TimedOut)
        {
            throw new HookToolTimeoutException(tool, Timeout);
        }

        if (result.ExitCode != 0)
        {
            throw HookToolException.FromFailure(tool, result.ExitCode, result.StandardError);
        }

        return new HookToolOutput(tool, spec, result);
    }
}
