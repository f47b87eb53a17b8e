using Charm.Framework.Model;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>The token distributor protocol's shared vocabulary (docs/protocol.md): keys, placeholder and corroboration.</summary>
internal static class MirrorData
{
    public const string Prefix = "mirror-";
    public const string MirrorKey = "mirror";
    public const string Up = "up";
    public const string Down = "down";
    public const string Empty = "empty";
    public const string HostnameKey = "hostname";

    /// <summary>
    /// The seed's corroborate: no values → the default; one → it; else the most common value that is not the default
    /// (ties: the first seen); only defaults → the default.
    /// </summary>
    public static string Corroborate(IReadOnlyList<string> values, string defaultValue)
    {
        if (values.Count == 0)
        {
            return defaultValue;
        }

        if (values.Count == 1)
        {
            return values[0];
        }

        var best = defaultValue;
        var bestCount = 0;
        foreach (var value in values.Where(v => v != defaultValue).Distinct())
        {
            var count = values.Count(v => v == value);
            if (count > bestCount)
            {
                best = value;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>The remote units acting as mirrors (<c>mirror=up</c>).</summary>
    public static IEnumerable<(string Unit, Databag Data)> Mirrors(Relation relation)
        => relation.RemoteUnitsData().Where(u => u.Data[MirrorKey] == Up);

    /// <summary>The mirrors' value for <c>mirror-&lt;key&gt;</c>, corroborated; <see langword="null"/> when none has one.</summary>
    public static string? FindValue(Relation relation, string key, bool keepEmpty)
    {
        var values = Mirrors(relation)
            .Select(m => m.Data[Prefix + key])
            .Where(v => !string.IsNullOrEmpty(v) && (keepEmpty || v != Empty))
            .Select(v => v!)
            .ToList();
        return values.Count == 0 ? null : Corroborate(values, Empty);
    }
}
