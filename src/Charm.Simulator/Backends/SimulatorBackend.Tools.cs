using System.Globalization;
using System.Text.Json;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.HookToolServer;

namespace Charm.Simulator.Backends;

// network-get, the action tools, application-version-set and the secret tools: the same HookContext operations the
// hook-tool server's commands call once they have parsed their command lines.
internal sealed partial class SimulatorBackend
{
    public Network NetworkGet(string binding, RelationId? relation)
        => Call("network-get", relation is { } r ? $"-r {r.Number.ToString(CultureInfo.InvariantCulture)} {binding}" : binding, () => context.NetworkGet(binding, relation));

    public JsonElement ActionGet()
        => Call("action-get", "--format=json", () =>
        {
            // The parameters as action-get --format=json prints them, so both kinds of charm read the same JSON.
            using var document = JsonDocument.Parse(ToolOutput.Format(context.ActionGet(), ToolOutput.Json));
            return document.RootElement.Clone();
        });

    public void ActionSet(IReadOnlyDictionary<string, string> results)
        => Call("action-set", string.Join(' ', results.Keys.Order(StringComparer.Ordinal).Select(k => k + "=…")), () =>
        {
            context.ActionSet([.. results]);
            return true;
        });

    public void ActionFail(string? message)
        => Call("action-fail", message ?? "", () =>
        {
            context.ActionFail(message ?? HookToolCommands.DefaultActionFailure);
            return true;
        });

    public void ActionLog(string message)
        => Call("action-log", message, () =>
        {
            context.ActionLog(message);
            return true;
        });

    public void ApplicationVersionSet(string version)
        => Call("application-version-set", version, () =>
        {
            context.SetWorkloadVersion(version);
            return true;
        });

    public string SecretAdd(IReadOnlyDictionary<string, string> content, SecretOwner owner, SecretOptions options)
        => Call("secret-add", $"--owner {(owner == SecretOwner.Unit ? "unit" : "application")} {string.Join(' ', content.Keys.Order(StringComparer.Ordinal).Select(k => k + "=…"))}", ()
            => context.SecretAdd(owner == SecretOwner.Unit, Metadata(options), content));

    public IReadOnlyDictionary<string, string> SecretGet(string? id, string? label, bool refresh, bool peek)
        => Call("secret-get", SecretArguments(id, label) + (refresh ? " --refresh" : "") + (peek ? " --peek" : ""), () => context.SecretGet(id, label, refresh, peek));

    public void SecretGrant(string id, RelationId relation, string? unit)
        => Call("secret-grant", $"{id} --relation {relation.Number.ToString(CultureInfo.InvariantCulture)}{(unit is null ? "" : " --unit " + unit)}", () =>
        {
            context.SecretGrant(id, relation, unit);
            return true;
        });

    public void SecretRevoke(string id, RelationId relation, string? unit)
        => Call("secret-revoke", $"{id} --relation {relation.Number.ToString(CultureInfo.InvariantCulture)}{(unit is null ? "" : " --unit " + unit)}", () =>
        {
            context.SecretRevoke(id, relation, null, unit);
            return true;
        });

    public void SecretRemove(string id, int? revision)
        => Call("secret-remove", revision is { } n ? $"{id} --revision {n.ToString(CultureInfo.InvariantCulture)}" : id, () =>
        {
            context.SecretRemove(id, revision);
            return true;
        });

    public IReadOnlyList<string> SecretIds() => Call("secret-ids", "--format=json", context.SecretIds);

    private static string SecretArguments(string? id, string? label)
        => string.Join(' ', new[] { "--format=json", id, label is null ? null : "--label " + label }.Where(a => a is not null));
}
