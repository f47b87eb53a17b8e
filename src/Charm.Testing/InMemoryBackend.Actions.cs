using System.Text.Json;
using Charm.Framework.Hosting;

namespace Charm.Testing;

/// <summary>The action tools, answered as the Juju agent answers them during an action, and refused outside one.</summary>
public sealed partial class InMemoryBackend
{
    private readonly SortedDictionary<string, string> _actionResults = new(StringComparer.Ordinal);
    private readonly List<string> _actionLogs = [];
    private string? _actionFailure;

    /// <summary>What the running action reported (<see langword="null"/> outside an action).</summary>
    public ActionOutcome? ActionOutcome => _action is null
        ? null
        : new ActionOutcome { Results = new SortedDictionary<string, string>(_actionResults, StringComparer.Ordinal), Failure = _actionFailure, Logs = _actionLogs.ToArray() };

    /// <inheritdoc />
    public JsonElement ActionGet()
    {
        _calls.Add(new BackendCall("action-get", ""));
        return RequireAction("action-get").Parameters;
    }

    /// <inheritdoc />
    public void ActionSet(IReadOnlyDictionary<string, string> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _calls.Add(new BackendCall("action-set", string.Join(' ', results.Keys.Order(StringComparer.Ordinal)), new Dictionary<string, string>(results, StringComparer.Ordinal)));
        _ = RequireAction("action-set");
        if (JujuAgentRules.ActionSetRefusal(results.Keys) is { } refusal)
        {
            throw Fail("action-set", refusal);
        }

        foreach (var (key, value) in results)
        {
            _actionResults[key] = value;
        }
    }

    /// <inheritdoc />
    public void ActionFail(string? message)
    {
        _calls.Add(new BackendCall("action-fail", message ?? ""));
        _ = RequireAction("action-fail");
        _actionFailure = message ?? JujuAgentRules.DefaultActionFailure;
    }

    /// <inheritdoc />
    public void ActionLog(string message)
    {
        _calls.Add(new BackendCall("action-log", message));
        _ = RequireAction("action-log");
        _actionLogs.Add(message);
    }

    private ActionRun RequireAction(string tool) => _action ?? throw Fail(tool, JujuAgentRules.NotRunningAnAction);

    /// <summary>The action a hook runs, with its parameters.</summary>
    internal sealed record ActionRun(string Name, JsonElement Parameters);
}
