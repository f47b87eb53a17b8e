using Charm.Framework.Hosting;
using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>
/// An action Juju runs on this unit (<c>juju run &lt;unit&gt; &lt;name&gt;</c>): its parameters (<c>action-get</c>), and what
/// the handler reports back to the user: results (<c>action-set</c>), progress lines (<c>action-log</c>) and a failure
/// (<c>action-fail</c>). An action is never deferred: <see cref="HookEvent.Defer"/> throws.
/// </summary>
public sealed class ActionEvent : HookEvent
{
    private readonly IJujuBackend _backend;
    private ActionParameters? _parameters;

    internal ActionEvent(JujuModel model, IJujuBackend backend, string actionName, string id)
        : base(EventKey.Action(actionName), model)
    {
        _backend = backend;
        ActionName = actionName;
        Id = id;
    }

    /// <summary>The action's name, e.g. <c>list-members</c>.</summary>
    public string ActionName { get; }

    /// <summary>This run's id (<c>JUJU_ACTION_UUID</c>); empty when Juju did not set it.</summary>
    public string Id { get; }

    /// <summary>The parameters the user gave, with the defaults the charm's actions declare filled in by Juju (read once).</summary>
    public ActionParameters Parameters => _parameters ??= new ActionParameters(ActionName, _backend.ActionGet());

    /// <summary>
    /// Adds results: values are strings, numbers or booleans (sent as text), or nested maps, which are sent as dotted keys
    /// (<c>{"members": {"count": 3}}</c> is <c>members.count=3</c>), as <c>action-set</c> requires. Every key part must
    /// match Juju's rule (lowercase letters, digits and hyphens, starting and ending with a letter or digit) and not be
    /// one of Juju's reserved keys (<c>stdout</c>, <c>stdout-encoding</c>, <c>stderr</c>, <c>stderr-encoding</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A key breaks Juju's rule, or two keys flatten to the same dotted key; nothing was sent.</exception>
    public void SetResults(IReadOnlyDictionary<string, object?> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var flat = ActionResultKeys.Flatten(results);
        if (flat.Count > 0)
        {
            _backend.ActionSet(flat);
        }
    }

    /// <summary>Adds one result (<see cref="SetResults"/>); <paramref name="key"/> may be dotted.</summary>
    public void SetResult(string key, string value) => SetResults(new Dictionary<string, object?>(StringComparer.Ordinal) { [key] = value });

    /// <summary>Sends a progress line to the user running the action (<c>action-log</c>).</summary>
    public void Log(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _backend.ActionLog(message);
    }

    /// <summary>
    /// Marks the action failed with <paramref name="message"/> (<c>action-fail</c>); the hook itself still succeeds, so its
    /// databag and state changes are kept. Juju reports its own default message when none is given.
    /// </summary>
    public void Fail(string? message = null) => _backend.ActionFail(message);
}
