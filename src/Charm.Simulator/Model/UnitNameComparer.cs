using System.Globalization;

namespace Charm.Simulator.Model;

/// <summary>Orders unit names as Juju lists them: by application name, then by unit number (so <c>app/10</c> follows <c>app/9</c>).</summary>
internal sealed class UnitNameComparer : IComparer<string>
{
    public static UnitNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var (appX, numberX) = Split(x);
        var (appY, numberY) = Split(y);
        var byApp = string.CompareOrdinal(appX, appY);
        return byApp != 0 ? byApp : numberX != numberY ? numberX.CompareTo(numberY) : string.CompareOrdinal(x, y);
    }

    private static (string App, long Number) Split(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash > 0 && long.TryParse(name.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (name[..slash], number)
            : (name, -1);
    }
}
