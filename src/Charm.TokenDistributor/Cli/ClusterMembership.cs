using System.Globalization;
using System.Text.Json;

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The members of a cluster, parsed from <c>&lt;cli&gt; list -f json</c>, with the questions the token distributor asks
/// of them. Parse once per hook and reuse the result.
/// </summary>
/// <remarks>Instances are immutable.</remarks>
internal sealed class ClusterMembership
{
    /// <summary>The longest output <see cref="Parse"/> accepts: 16 Mi characters (a member takes about 2 KB).</summary>
    public const int MaxOutputLength = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    private readonly ClusterMember[] _members;

    /// <summary>Creates a membership from members already parsed (e.g. by a test or a simulator).</summary>
    /// <param name="members">The members, in the order the CLI listed them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="members"/> or one of its elements is <see langword="null"/>.</exception>
    public ClusterMembership(IEnumerable<ClusterMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.ToArray();
        if (Array.Exists(_members, m => m is null))
        {
            throw new ArgumentNullException(nameof(members), "A cluster member is null.");
        }
    }

    /// <summary>A membership with no members.</summary>
    public static ClusterMembership Empty { get; } = new(Array.Empty<ClusterMember>());

    /// <summary>The members, in the order the CLI listed them.</summary>
    public IReadOnlyList<ClusterMember> Members => _members;

    /// <summary>Whether some member's role is exactly <c>PENDING</c> (roles are still being assigned).</summary>
    public bool AnyPending => Array.Exists(_members, m => m.IsPending);

    /// <summary>The names of the members whose role is exactly <c>voter</c> and status exactly <c>ONLINE</c>, smallest first (by code point, as Python orders strings), without duplicates.</summary>
    public IReadOnlyList<string> OnlineVoterNames =>
        _members.Where(m => m.IsVoter && m.IsOnline)
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(CodePointComparer.Instance)
            .ToArray();

    /// <summary>
    /// The member that issues tokens (the communicator): the smallest name, by code point, among the members whose role is
    /// exactly <c>voter</c> and status exactly <c>ONLINE</c>; <see langword="null"/> when there is none. Whether to act while
    /// members are <see cref="AnyPending"/> is the caller's decision.
    /// </summary>
    public string? Communicator
    {
        get
        {
            string? smallest = null;
            foreach (var member in _members)
            {
                if (member.IsVoter && member.IsOnline && (smallest is null || CodePointComparer.Instance.Compare(member.Name, smallest) < 0))
                {
                    smallest = member.Name;
                }
            }

            return smallest;
        }
    }

    /// <summary>Whether a member is named exactly <paramref name="name"/> (ordinal).</summary>
    /// <param name="name">A member name.</param>
    /// <returns><see langword="true"/> if such a member is listed, whatever its role and status.</returns>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The first member named exactly <paramref name="name"/> (ordinal), or <see langword="null"/>.</summary>
    /// <param name="name">A member name.</param>
    /// <returns>The member, or <see langword="null"/>.</returns>
    public ClusterMember? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Array.Find(_members, m => string.Equals(m.Name, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// Parses the output of <c>&lt;cli&gt; list -f json</c>. Strict about the shape (the top level is a JSON array; each
    /// element is an object with a non-empty string <c>name</c>); tolerant of everything else (unknown fields are ignored;
    /// missing, <see langword="null"/> or mistyped known fields take their defaults, see <see cref="ClusterMember"/>).
    /// </summary>
    /// <param name="json">The command's standard output; leading and trailing white space is allowed.</param>
    /// <returns>The members.</returns>
    /// <exception cref="ClusterOutputException">
    /// The output is empty, longer than <see cref="MaxOutputLength"/>, not JSON, nested deeper than 64 levels, not an
    /// array, or holds an element that is not an object with a non-empty string <c>name</c>. The message says which, and
    /// quotes a bounded prefix of the output.
    /// </exception>
    public static ClusterMembership Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ClusterOutputException("the output is empty or only white space, expected a JSON array of cluster members", json, null);
        }

        if (json.Length > MaxOutputLength)
        {
            throw new ClusterOutputException(
                $"the output is longer than {MaxOutputLength.ToString(CultureInfo.InvariantCulture)} characters",
                json,
                null);
        }

        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new ClusterOutputException($"the top level is {Describe(root.ValueKind)}, not a JSON array of cluster members", json, null);
            }

            var members = new List<ClusterMember>(root.GetArrayLength());
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                members.Add(ParseMember(element, index, json));
                index++;
            }

            return new ClusterMembership(members);
        }
        catch (JsonException e)
        {
            throw new ClusterOutputException($"the output is not valid JSON ({e.Message})", json, e);
        }
        catch (InvalidOperationException e)
        {
            // E.g. a string holding an escaped lone surrogate, which cannot be read as text.
            throw new ClusterOutputException($"the output holds an unreadable value ({e.Message})", json, e);
        }
        catch (ArgumentException e)
        {
            // The output is not valid UTF-16 (e.g. a lone surrogate), so it cannot even be read as JSON text.
            throw new ClusterOutputException($"the output is not valid text ({e.Message})", json, e);
        }
    }

    private static ClusterMember ParseMember(JsonElement element, int index, string json)
    {
        var position = "element " + index.ToString(CultureInfo.InvariantCulture);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterOutputException($"{position} of the array is {Describe(element.ValueKind)}, not a member object", json, null);
        }

        string? name = null;
        var nameKind = JsonValueKind.Undefined;
        string address = string.Empty, certificate = string.Empty, role = string.Empty, status = string.Empty, secret = string.Empty;
        int? schemaInternal = null, schemaExternal = null;
        DateTimeOffset? heartbeat = null;
        IReadOnlyList<string> extensions = [];

        // The last occurrence of a duplicated field wins, as with Go's encoding/json.
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "name":
                    nameKind = value.ValueKind;
                    name = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    break;
                case "address":
                    address = StringOrEmpty(value);
                    break;
                case "certificate":
                    certificate = StringOrEmpty(value);
                    break;
                case "role":
                    role = StringOrEmpty(value);
                    break;
                case "status":
                    status = StringOrEmpty(value);
                    break;
                case "secret":
                    secret = StringOrEmpty(value);
                    break;
                case "schema_internal_version":
                    schemaInternal = Int32OrNull(value);
                    break;
                case "schema_external_version":
                    schemaExternal = Int32OrNull(value);
                    break;
                case "last_heartbeat":
                    heartbeat = TimeOrNull(value);
                    break;
                case "extensions":
                    extensions = Strings(value);
                    break;
                default:
                    break;
            }
        }

        if (nameKind == JsonValueKind.Undefined)
        {
            throw new ClusterOutputException($"{position} of the array has no \"name\"", json, null);
        }

        if (name is null)
        {
            throw new ClusterOutputException($"the \"name\" of {position} is {Describe(nameKind)}, not a string", json, null);
        }

        if (name.Length == 0)
        {
            throw new ClusterOutputException($"the \"name\" of {position} is empty", json, null);
        }

        return new ClusterMember
        {
            Name = name,
            Address = address,
            Certificate = certificate,
            Role = role,
            Status = status,
            SchemaInternalVersion = schemaInternal,
            SchemaExternalVersion = schemaExternal,
            LastHeartbeat = heartbeat,
            Extensions = extensions,
            Secret = secret,
        };
    }

    private static string StringOrEmpty(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static int? Int32OrNull(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static DateTimeOffset? TimeOrNull(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }

    private static string[] Strings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString() ?? string.Empty);
            }
        }

        return [.. list];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}
