using System.Globalization;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.HookToolServer;

namespace Charm.Simulator.Backends;

// Ports, goal-state, secret-set, secret-info-get and the storage tools: the same HookContext operations the hook-tool server's commands call.
internal sealed partial class SimulatorBackend
{
    public void OpenPort(OpenedPort port)
    {
        port.Validate();
        Call("open-port", port.ToString(), () =>
        {
            context.OpenPort("", HookContext.ParsePortRange(port.ToString()));
            return true;
        });
    }

    public void ClosePort(OpenedPort port)
    {
        port.Validate();
        Call("close-port", port.ToString(), () =>
        {
            context.ClosePort("", HookContext.ParsePortRange(port.ToString()));
            return true;
        });
    }

    public IReadOnlyList<OpenedPort> OpenedPorts()
        => Call("opened-ports", "--format=json", () => (IReadOnlyList<OpenedPort>)[.. HookContext.UniqueRanges(context.OpenedPorts()).Select(r => r.ToOpenedPort())]);

    public GoalState GoalState()
        => Call("goal-state", "--format=json", () =>
        {
            var goal = context.GoalState();
            return new GoalState
            {
                Units = goal.Units.ToDictionary(p => p.Key, p => p.Value.Status, StringComparer.Ordinal),
                Relations = goal.Relations.ToDictionary(
                    p => p.Key,
                    p => (IReadOnlyDictionary<string, string>)p.Value.ToDictionary(e => e.Key, e => e.Value.Status, StringComparer.Ordinal),
                    StringComparer.Ordinal),
            };
        });

    public void SecretSet(string id, IReadOnlyDictionary<string, string>? content, SecretOptions? options)
        => Call("secret-set", $"{id} {string.Join(' ', (content?.Keys ?? []).Order(StringComparer.Ordinal).Select(k => k + "=…"))}".TrimEnd(), () =>
        {
            context.SecretSet(id, Metadata(options ?? new SecretOptions()), content ?? new Dictionary<string, string>());
            return true;
        });

    public SecretInfo SecretInfoGet(string? id, string? label)
        => Call("secret-info-get", "--format=json " + (id ?? "--label " + label), () =>
        {
            // The id wins over the label, as on the command line the framework writes; the answer is what it reads from
            // secret-info-get --format=json's.
            var secret = context.SecretInfoGet(id, id is null ? label : null);
            return new SecretInfo(
                "secret:" + HookContext.BareSecretId(secret.Id),
                secret.Label is { Length: > 0 } l ? l : null,
                secret.Revision,
                secret.OwnerUnit is null ? "application" : "unit",
                secret.Rotation is { Length: > 0 } r ? r : null,
                secret.Expiry is { } expiry ? HookToolCommands.GoTime(expiry) : null,
                secret.Description is { Length: > 0 } d ? d : null);
        });

    public IReadOnlyList<string> StorageList(string? name)
        => Call("storage-list", "--format=json" + (name is null ? "" : " " + name), () => context.StorageList(name));

    public StorageDetails StorageGet(string id)
        => Call("storage-get", "--format=json -s " + id, () =>
        {
            var storage = context.StorageGet(id);
            return new StorageDetails(storage.Kind, storage.Location);
        });

    /// <summary>The framework's options as jujuc would read them off the command line the framework writes.</summary>
    private static SecretMetadata Metadata(SecretOptions options)
        => new(
            options.Label is { Length: > 0 } label ? label : null,
            options.Description is { Length: > 0 } description ? description : null,
            options.Expire?.ToUniversalTime(),
            options.Rotate is { } rotate ? rotate.ToString().ToLower(CultureInfo.InvariantCulture) : null);
}
