using Charm.Framework;
using Charm.Framework.Hosting;
using Charm.Framework.Model;

namespace Charm.Simulator.Backends;

/// <summary>
/// The <see cref="IJujuBackend"/> an in-process charm runs on: every call goes to the hook's <see cref="HookContext"/>,
/// and a refusal becomes the typed exception the real hook tool's failure would become
/// (<see cref="HookToolException.FromFailure"/> on the same exit code and standard error).
/// </summary>
internal sealed partial class SimulatorBackend(HookContext context) : IJujuBackend
{
    public IReadOnlyList<RelationId> RelationIds(string endpoint)
        => Call("relation-ids", endpoint, () => context.RelationIds(endpoint));

    public IReadOnlyList<string> RelationUnits(RelationId relation)
        => Call("relation-list", $"-r {relation}", () => context.RelationUnits(relation));

    public string? RelationRemoteApp(RelationId relation)
        => Call("relation-list", $"--app -r {relation}", () => context.RelationRemoteApp(relation));

    public IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp)
        => Call("relation-get", $"-r {relation}{(isApp ? " --app" : "")} - {member}", () => context.RelationGet(relation, member, isApp));

    public void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes)
        => Call("relation-set", $"-r {relation}{(isApp ? " --app" : "")} {string.Join(' ', changes.Keys.Order(StringComparer.Ordinal))}", () =>
        {
            context.RelationSet(relation, isApp, changes);
            return true;
        });

    public bool IsLeader() => Call("is-leader", "", context.IsLeader);

    public void StatusSet(Status status, bool application)
        => Call("status-set", $"--application={(application ? "True" : "False")} {status.Name} -- {status.Message}", () =>
        {
            context.StatusSet(status, application);
            return true;
        });

    public Status StatusGet(bool application)
        => Call("status-get", $"--application={(application ? "True" : "False")}", () => context.StatusGet(application));

    public void Log(LogLevel level, string message)
        => Call("juju-log", "--log-level " + level.ToString().ToUpperInvariant(), () =>
        {
            context.Log(level, message);
            return true;
        });

    // As the real hook tools: a hook's DEBUG and INFO lines are held and sent a run of one level per juju-log call, so
    // an in-process hook leaves the same log records and calls as the same charm run as a process.
    public bool FoldsLogLines => true;

    public void LogLines(IReadOnlyList<KeyValuePair<LogLevel, string>> lines)
    {
        foreach (var (level, message) in LogFolding.Runs(lines))
        {
            Log(level, message);
        }
    }

    public IReadOnlyDictionary<string, ConfigValue> ConfigGet() => Call("config-get", "", context.ConfigGet);

    public IReadOnlyDictionary<string, string> StateGet() => Call("state-get", "", context.StateGet);

    public void StateSet(IReadOnlyDictionary<string, string> values)
        => Call("state-set", string.Join(' ', values.Keys.Order(StringComparer.Ordinal)), () =>
        {
            context.StateSet(values);
            return true;
        });

    public void StateDelete(string key)
        => Call("state-delete", key, () =>
        {
            context.StateDelete(key);
            return true;
        });

    private T Call<T>(string tool, string arguments, Func<T> call)
    {
        try
        {
            var result = call();
            context.Record(tool, arguments, 0);
            return result;
        }
        catch (HookToolError e)
        {
            context.Record(tool, arguments, e.ExitCode);
            throw HookToolException.FromFailure(tool, e.ExitCode, e.StandardError);
        }
    }
}
