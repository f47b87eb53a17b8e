using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>
/// Everything a charm asks of the Juju agent during one hook. <c>HookToolBackend</c> runs the real hook
/// tools; the in-memory backend in Charm.Testing answers from a state object under the same rules. Methods map
/// one-to-one onto hook tools and raise <see cref="HookToolException"/> (or a subclass) the way the tool fails.
/// </summary>
/// <remarks>
/// The tools added after the first release (<c>network-get</c>, actions, ports, secrets, …) have default bodies that fail
/// with a <see cref="HookToolException"/> saying the backend does not run that tool, so a backend written against the
/// first set keeps compiling; the framework's own backends implement every member.
/// </remarks>
public interface IJujuBackend
{
    /// <summary><c>relation-ids &lt;endpoint&gt;</c>: the relations on an endpoint.</summary>
    IReadOnlyList<RelationId> RelationIds(string endpoint);

    /// <summary><c>relation-list -r &lt;id&gt;</c>: the remote units in a relation (<c>app/3</c>).</summary>
    IReadOnlyList<string> RelationUnits(RelationId relation);

    /// <summary><c>relation-list --app -r &lt;id&gt;</c>: the remote application's name, if Juju knows it yet.</summary>
    string? RelationRemoteApp(RelationId relation);

    /// <summary><c>relation-get -r &lt;id&gt; [--app] - &lt;member&gt;</c>: one databag, whole.</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="member">A unit name (<c>app/3</c>) or, with <paramref name="isApp"/>, an application name.</param>
    /// <param name="isApp">Read the application databag of <paramref name="member"/>.</param>
    IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp);

    /// <summary>
    /// <c>relation-set -r &lt;id&gt; [--app] --file -</c>: writes the changed keys of the own unit's (or, for the leader,
    /// the own application's) databag; an empty value deletes the key.
    /// </summary>
    void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes);

    /// <summary><c>is-leader</c>.</summary>
    bool IsLeader();

    /// <summary><c>status-set --application=&lt;bool&gt; &lt;name&gt; -- &lt;message&gt;</c>.</summary>
    void StatusSet(Status status, bool application);

    /// <summary><c>status-get --include-data --application=&lt;bool&gt;</c>.</summary>
    Status StatusGet(bool application);

    /// <summary><c>juju-log --log-level &lt;LEVEL&gt; -- &lt;message&gt;</c>.</summary>
    void Log(LogLevel level, string message);

    /// <summary>
    /// Whether the model's logger may hold this hook's DEBUG and INFO lines and send them together with
    /// <see cref="LogLines"/> (at the next WARNING or ERROR, a change of level, or the end of the hook). Default
    /// <see langword="false"/>: every line goes to <see cref="Log"/> at once.
    /// </summary>
    bool FoldsLogLines => false;

    /// <summary>
    /// Sends the held DEBUG and INFO <paramref name="lines"/>, in order. Default: one <see cref="Log"/> each;
    /// <see cref="HookToolBackend"/> sends each run of lines of one level (after dropping those below its minimum level)
    /// as one <c>juju-log</c> message, a line each (juju-log logs its message as one record, whatever it holds).
    /// </summary>
    void LogLines(IReadOnlyList<KeyValuePair<LogLevel, string>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var (level, message) in lines)
        {
            Log(level, message);
        }
    }

    /// <summary><c>config-get</c>: the charm's config, whole.</summary>
    IReadOnlyDictionary<string, ConfigValue> ConfigGet();

    /// <summary><c>state-get</c>: the unit's controller-side key-value state, whole.</summary>
    IReadOnlyDictionary<string, string> StateGet();

    /// <summary><c>state-set --file -</c>: sets keys of the controller-side state.</summary>
    void StateSet(IReadOnlyDictionary<string, string> values);

    /// <summary><c>state-delete &lt;key&gt;</c>.</summary>
    void StateDelete(string key);

    /// <summary>
    /// <c>network-get --format=json [-r &lt;number&gt;] &lt;binding&gt;</c>: the network of an endpoint or extra binding, for
    /// one relation on it when <paramref name="relation"/> is given.
    /// </summary>
    /// <exception cref="BindingNotFoundException">Juju has no network config for <paramref name="binding"/>.</exception>
    Network NetworkGet(string binding, RelationId? relation) => throw BackendSupport.NotRun(this, "network-get");

    /// <summary><c>action-get --format=json</c>: the running action's parameters, a JSON object.</summary>
    System.Text.Json.JsonElement ActionGet() => throw BackendSupport.NotRun(this, "action-get");

    /// <summary><c>action-set &lt;key&gt;=&lt;value&gt; …</c>: adds results (dotted keys, already checked).</summary>
    void ActionSet(IReadOnlyDictionary<string, string> results) => throw BackendSupport.NotRun(this, "action-set");

    /// <summary><c>action-fail [-- &lt;message&gt;]</c>: marks the running action failed.</summary>
    void ActionFail(string? message) => throw BackendSupport.NotRun(this, "action-fail");

    /// <summary><c>action-log -- &lt;message&gt;</c>: a progress line for the user running the action.</summary>
    void ActionLog(string message) => throw BackendSupport.NotRun(this, "action-log");

    /// <summary><c>application-version-set -- &lt;version&gt;</c>: the workload version <c>juju status</c> shows.</summary>
    void ApplicationVersionSet(string version) => throw BackendSupport.NotRun(this, "application-version-set");

    /// <summary><c>open-port &lt;port&gt;/&lt;protocol&gt;</c> (or <c>open-port icmp</c>).</summary>
    void OpenPort(OpenedPort port) => throw BackendSupport.NotRun(this, "open-port");

    /// <summary><c>close-port &lt;port&gt;/&lt;protocol&gt;</c> (or <c>close-port icmp</c>).</summary>
    void ClosePort(OpenedPort port) => throw BackendSupport.NotRun(this, "close-port");

    /// <summary><c>opened-ports --format=json</c>: the ports this unit has open.</summary>
    IReadOnlyList<OpenedPort> OpenedPorts() => throw BackendSupport.NotRun(this, "opened-ports");

    /// <summary><c>goal-state --format=json</c>.</summary>
    GoalState GoalState() => throw BackendSupport.NotRun(this, "goal-state");

    /// <summary>
    /// <c>secret-add [--label L] [--description D] [--expire T] [--rotate P] --owner application|unit key#file=&lt;path&gt; …</c>:
    /// creates a secret and returns its id. The values go through files, never the command line.
    /// </summary>
    string SecretAdd(IReadOnlyDictionary<string, string> content, SecretOwner owner, SecretOptions options) => throw BackendSupport.NotRun(this, "secret-add");

    /// <summary><c>secret-get --format=json [&lt;id&gt;] [--label L] [--refresh] [--peek]</c>.</summary>
    IReadOnlyDictionary<string, string> SecretGet(string? id, string? label, bool refresh, bool peek) => throw BackendSupport.NotRun(this, "secret-get");

    /// <summary><c>secret-set [options] &lt;id&gt; key#file=&lt;path&gt; …</c>: new metadata and/or a new revision.</summary>
    void SecretSet(string id, IReadOnlyDictionary<string, string>? content, SecretOptions? options) => throw BackendSupport.NotRun(this, "secret-set");

    /// <summary><c>secret-grant --relation &lt;number&gt; [--unit U] &lt;id&gt;</c>.</summary>
    void SecretGrant(string id, RelationId relation, string? unit) => throw BackendSupport.NotRun(this, "secret-grant");

    /// <summary><c>secret-revoke --relation &lt;number&gt; [--unit U] &lt;id&gt;</c>.</summary>
    void SecretRevoke(string id, RelationId relation, string? unit) => throw BackendSupport.NotRun(this, "secret-revoke");

    /// <summary><c>secret-remove &lt;id&gt; [--revision N]</c>.</summary>
    void SecretRemove(string id, int? revision) => throw BackendSupport.NotRun(this, "secret-remove");

    /// <summary><c>secret-ids --format=json</c>: the secrets this unit (and, for the leader, its application) owns.</summary>
    IReadOnlyList<string> SecretIds() => throw BackendSupport.NotRun(this, "secret-ids");

    /// <summary><c>secret-info-get --format=json &lt;id&gt;</c> or <c>--label L</c>.</summary>
    SecretInfo SecretInfoGet(string? id, string? label) => throw BackendSupport.NotRun(this, "secret-info-get");

    /// <summary><c>storage-list --format=json [&lt;name&gt;]</c>: the ids (<c>data/0</c>) of the storage attached to this unit.</summary>
    IReadOnlyList<string> StorageList(string? name) => throw BackendSupport.NotRun(this, "storage-list");

    /// <summary><c>storage-get --format=json -s &lt;id&gt;</c>: a storage instance's kind and location.</summary>
    StorageDetails StorageGet(string id) => throw BackendSupport.NotRun(this, "storage-get");
}
