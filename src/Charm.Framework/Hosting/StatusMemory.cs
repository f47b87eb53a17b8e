using System.Collections.Immutable;
using Charm.Framework.Model;
using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>
/// The unit's and the application's status as this unit last set them, kept in the state file under the reserved
/// namespace <see cref="Namespace"/> (each a string list: the Juju status name and the message), so that the status
/// a hook collects is compared with what Juju already shows without a <c>status-get</c>.
/// </summary>
internal static class StatusMemory
{
    /// <summary>The reserved stored-state namespace; <see cref="Dispatch.CharmFramework.GetStoredState"/> refuses it.</summary>
    public const string Namespace = "charm-framework/status";

    private const string UnitKey = "unit";
    private const string AppKey = "app";

    /// <summary>Gives the model the statuses an earlier hook remembered.</summary>
    public static void Restore(StateSnapshot snapshot, JujuModel model)
    {
        if (!snapshot.Stored.TryGetValue(Namespace, out var values))
        {
            return;
        }

        model.Unit.Collection.Remembered = Read(values, UnitKey);
        model.App.Collection.Remembered = Read(values, AppKey);
    }

    /// <summary>The snapshot to save, with the statuses the model now remembers.</summary>
    public static StateSnapshot Remember(StateSnapshot snapshot, JujuModel model)
    {
        var values = ImmutableSortedDictionary.CreateBuilder<string, StoredValue>(StringComparer.Ordinal);
        Write(values, UnitKey, model.Unit.Collection.Remembered);
        Write(values, AppKey, model.App.Collection.Remembered);
        return values.Count == 0
            ? Forget(snapshot)
            : snapshot with { Stored = snapshot.Stored.SetItem(Namespace, values.ToImmutable()) };
    }

    /// <summary>The snapshot without remembered statuses: after a failed hook that set one, what Juju shows is not known.</summary>
    public static StateSnapshot Forget(StateSnapshot snapshot)
        => snapshot.Stored.ContainsKey(Namespace) ? snapshot with { Stored = snapshot.Stored.Remove(Namespace) } : snapshot;

    private static Status? Read(ImmutableSortedDictionary<string, StoredValue> values, string key)
    {
        if (!values.TryGetValue(key, out var value) || value.Kind != StoredValueKind.StringList)
        {
            return null;
        }

        var parts = value.AsStringList();
        var kind = parts.Count == 2 ? Status.ParseJujuName(parts[0]) : StatusKind.Unknown;
        // Anything else (an unknown name, a hand-edited file) is not trusted: the next collected status is set.
        return kind is StatusKind.Unknown or StatusKind.Error ? null : new Status(kind, parts[1]);
    }

    private static void Write(ImmutableSortedDictionary<string, StoredValue>.Builder values, string key, Status? status)
    {
        if (status is not null)
        {
            values[key] = StoredValue.FromStringList([status.Name, status.Message]);
        }
    }
}
