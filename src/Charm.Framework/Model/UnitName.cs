using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>
/// A unit's name as Juju writes it (<c>JUJU_UNIT_NAME</c>, <c>relation-list</c>): the application, one slash, and the
/// unit's number, e.g. <c>microovn/3</c>. The number is decimal digits only (no sign, no spaces) and fits an
/// <see cref="int"/> (0 to 2147483647); leading zeros, which Juju never writes, are read (<c>app/07</c> is unit 7, and
/// <see cref="ToString"/> writes <c>app/7</c>). Names order as Juju lists units: by application (ordinal), then by number, so
/// <c>app/10</c> follows <c>app/9</c>.
/// </summary>
public readonly struct UnitName : IEquatable<UnitName>, IComparable<UnitName>
{
    private readonly string? _application;

    /// <summary>The name of unit <paramref name="number"/> of <paramref name="application"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="application"/> is empty or holds a <c>/</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is negative.</exception>
    public UnitName(string application, int number)
    {
        ArgumentException.ThrowIfNullOrEmpty(application);
        if (application.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{application}' is not an application name: it holds a '/', which separates the application from the unit number in a unit name.", nameof(application));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(number);
        _application = application;
        Number = number;
    }

    /// <summary>The application, <c>microovn</c> in <c>microovn/3</c>.</summary>
    public string Application => _application ?? "";

    /// <summary>The unit's number, <c>3</c> in <c>microovn/3</c>.</summary>
    public int Number { get; }

    /// <summary>
    /// Orders unit names given as text the way <see cref="CompareTo"/> orders them (by application, then number); text
    /// that is not a unit name sorts as an application of that whole text, before its units, and texts that still tie
    /// are ordered ordinally, so the order is total.
    /// </summary>
    public static IComparer<string> TextOrder { get; } = new TextComparer();

    /// <summary>Reads a unit name.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not <c>&lt;application&gt;/&lt;number&gt;</c>; the message says what is expected.</exception>
    public static UnitName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var name)
            ? name
            : throw new FormatException($"'{text}' is not a unit name: expected '<application>/<number>' with a number from 0 to {int.MaxValue}, e.g. 'microovn/0'.");
    }

    /// <summary>Reads a unit name without throwing; <see langword="false"/> for <see langword="null"/> or anything <see cref="Parse"/> refuses.</summary>
    public static bool TryParse(string? text, out UnitName name)
    {
        name = default;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || text.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        var digits = text.AsSpan(slash + 1);
        if (digits.Length == 0 || digits.IndexOfAnyExceptInRange('0', '9') >= 0
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        name = new UnitName(text[..slash], number);
        return true;
    }

    /// <summary>By application (ordinal), then by number.</summary>
    public int CompareTo(UnitName other)
    {
        var byApplication = string.CompareOrdinal(Application, other.Application);
        return byApplication != 0 ? byApplication : Number.CompareTo(other.Number);
    }

    /// <inheritdoc />
    public bool Equals(UnitName other) => Number == other.Number && string.Equals(Application, other.Application, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UnitName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Application), Number);

    /// <summary>The name as Juju writes it: <c>microovn/3</c>.</summary>
    public override string ToString() => Application + "/" + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same application and number.</summary>
    public static bool operator ==(UnitName left, UnitName right) => left.Equals(right);

    /// <summary>Not the same application and number.</summary>
    public static bool operator !=(UnitName left, UnitName right) => !left.Equals(right);

    /// <summary>Orders before (see <see cref="CompareTo"/>).</summary>
    public static bool operator <(UnitName left, UnitName right) => left.CompareTo(right) < 0;

    /// <summary>Orders before or is equal.</summary>
    public static bool operator <=(UnitName left, UnitName right) => left.CompareTo(right) <= 0;

    /// <summary>Orders after (see <see cref="CompareTo"/>).</summary>
    public static bool operator >(UnitName left, UnitName right) => left.CompareTo(right) > 0;

    /// <summary>Orders after or is equal.</summary>
    public static bool operator >=(UnitName left, UnitName right) => left.CompareTo(right) >= 0;

    private sealed class TextComparer : IComparer<string>
    {
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

            var (appX, numberX) = TryParse(x, out var unitX) ? (unitX.Application, unitX.Number) : (x, -1);
            var (appY, numberY) = TryParse(y, out var unitY) ? (unitY.Application, unitY.Number) : (y, -1);
            var byApplication = string.CompareOrdinal(appX, appY);
            if (byApplication != 0)
            {
                return byApplication;
            }

            return numberX != numberY ? numberX.CompareTo(numberY) : string.CompareOrdinal(x, y);
        }
    }
}
