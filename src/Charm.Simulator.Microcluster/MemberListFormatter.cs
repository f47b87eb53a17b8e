using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Charm.Simulator.Microcluster;

/// <summary>Renders <c>list</c> output in the formats the real CLI offers that the fake supports.</summary>
internal static class MemberListFormatter
{
    public const string Json = "json";
    public const string Table = "table";
    public const string Csv = "csv";

    /// <summary>Go prints the zero <c>time.Time</c> for a member that never had a heartbeat.</summary>
    private const string GoZeroTime = "0001-01-01T00:00:00Z";

    public static bool IsSupported(string format) => format is Json or Table or Csv;

    public static string Format(string format, IReadOnlyList<ClusterMemberSnapshot> members) => format switch
    {
        Json => ToJson(members),
        Csv => ToCsv(members),
        _ => ToTable(members),
    };

    /// <summary>One line, then a newline: exactly the fields, and in the order, the real daemon's JSON has.</summary>
    public static string ToJson(IReadOnlyList<ClusterMemberSnapshot> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (ClusterMemberSnapshot member in members)
            {
                writer.WriteStartObject();
                writer.WriteString("name", member.Name);
                writer.WriteString("address", member.Address);
                writer.WriteString("certificate", member.Certificate);
                writer.WriteString("role", member.Role);
                writer.WriteNumber("schema_internal_version", member.SchemaInternalVersion);
                writer.WriteNumber("schema_external_version", member.SchemaExternalVersion);
                writer.WriteString("last_heartbeat", FormatRfc3339(member.LastHeartbeat));
                writer.WriteString("status", member.Status);
                writer.WriteStartArray("extensions");
                foreach (string extension in member.Extensions)
                {
                    writer.WriteStringValue(extension);
                }

                writer.WriteEndArray();
                writer.WriteString("secret", string.Empty);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    /// <summary>RFC 3339 in UTC with Go's trimmed fractional seconds (<c>RFC3339Nano</c>).</summary>
    public static string FormatRfc3339(DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            return GoZeroTime;
        }

        DateTime utc = value.UtcDateTime;
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "Z";
    }

    private static string[] Row(ClusterMemberSnapshot member) =>
        [member.Name, member.Address, member.Role, FakeCertificate.Fingerprint(member.Certificate), member.Status];

    private static string ToCsv(IReadOnlyList<ClusterMemberSnapshot> members)
    {
        var text = new StringBuilder();
        foreach (ClusterMemberSnapshot member in members)
        {
            text.AppendJoin(',', Row(member)).Append('\n');
        }

        return text.ToString();
    }

    private static string ToTable(IReadOnlyList<ClusterMemberSnapshot> members)
    {
        string[] header = ["NAME", "ADDRESS", "ROLE", "FINGERPRINT", "STATUS"];
        List<string[]> rows = [header, .. members.Select(Row)];
        int[] widths = new int[header.Length];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        string rule = "+" + string.Join('+', widths.Select(w => new string('-', w + 2))) + "+\n";
        var text = new StringBuilder(rule);
        for (int r = 0; r < rows.Count; r++)
        {
            text.Append('|');
            for (int c = 0; c < widths.Length; c++)
            {
                text.Append(' ').Append(rows[r][c].PadRight(widths[c])).Append(" |");
            }

            text.Append('\n');
            if (r == 0)
            {
                text.Append(rule);
            }
        }

        return text.Append(rule).ToString();
    }
}
