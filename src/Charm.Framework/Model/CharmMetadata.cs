using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>
/// The endpoints and storage a charm declares. The framework needs the endpoints to know which relations are peer
/// relations (where every unit may read the application databag), and the storage to know which names
/// <see cref="JujuModel.Storages"/> has. Read from <c>metadata.yaml</c> or <c>charmcraft.yaml</c> in the
/// charm directory, or built in code.
/// </summary>
public sealed class CharmMetadata
{
    private readonly Dictionary<string, EndpointSpec> _endpoints;
    private readonly Dictionary<string, StorageSpec> _storages = new(StringComparer.Ordinal);

    /// <summary>Creates metadata from endpoint declarations.</summary>
    public CharmMetadata(IEnumerable<EndpointSpec> endpoints)
    {
        _endpoints = new Dictionary<string, EndpointSpec>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            if (!_endpoints.TryAdd(e.Name, e))
            {
                throw new ArgumentException($"Endpoint '{e.Name}' is declared twice.", nameof(endpoints));
            }
        }
    }

    /// <summary>Creates metadata from endpoint and storage declarations.</summary>
    public CharmMetadata(IEnumerable<EndpointSpec> endpoints, IEnumerable<StorageSpec> storages)
        : this(endpoints)
    {
        ArgumentNullException.ThrowIfNull(storages);
        foreach (var s in storages)
        {
            if (!_storages.TryAdd(s.Name, s))
            {
                throw new ArgumentException($"Storage '{s.Name}' is declared twice.", nameof(storages));
            }
        }
    }

    /// <summary>Every declared storage (<c>storage:</c>).</summary>
    public IReadOnlyCollection<StorageSpec> Storages => _storages.Values;

    /// <summary>The declaration of storage <paramref name="name"/>, if any.</summary>
    public StorageSpec? FindStorage(string name) => _storages.GetValueOrDefault(name);

    /// <summary>Metadata that declares nothing (no peer relations).</summary>
    public static CharmMetadata Empty { get; } = new([]);

    /// <summary>Every declared endpoint.</summary>
    public IReadOnlyCollection<EndpointSpec> Endpoints => _endpoints.Values;

    /// <summary>The declaration of <paramref name="endpoint"/>, if any.</summary>
    public EndpointSpec? Find(string endpoint) => _endpoints.GetValueOrDefault(endpoint);

    /// <summary>Whether <paramref name="endpoint"/> is declared under <c>peers:</c>.</summary>
    public bool IsPeer(string endpoint) => Find(endpoint)?.Role == EndpointRole.Peers;

    /// <summary>
    /// Reads the <c>requires</c>, <c>provides</c>, <c>peers</c> and <c>storage</c> sections of a <c>metadata.yaml</c> or
    /// <c>charmcraft.yaml</c>. Only block-style YAML mappings are understood, which is how charm metadata is written.
    /// </summary>
    /// <exception cref="FormatException">A section is not a mapping of names, or a storage's <c>type</c> is neither <c>filesystem</c> nor <c>block</c>.</exception>
    public static CharmMetadata ParseYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var endpoints = new List<EndpointSpec>();
        var storages = new List<StorageSpec>();
        EndpointRole? section = null;
        var inStorage = false;
        string? name = null;
        string? iface = null;
        int? limit = null;
        string? type = null;
        string? location = null;
        var multiple = false;
        var endpointIndent = -1;
        var lineNumber = 0;
        var nameLine = 0;

        void Flush()
        {
            if (name is not null && section is { } role)
            {
                endpoints.Add(new EndpointSpec(name, role, iface ?? "", limit));
            }
            else if (name is not null && inStorage)
            {
                var kind = type switch
                {
                    "filesystem" => StorageKind.Filesystem,
                    "block" => StorageKind.Block,
                    _ => throw new FormatException($"line {nameLine}: storage '{name}' needs 'type: filesystem' or 'type: block'{(type is null ? "" : $", not '{type}'")}."),
                };
                storages.Add(new StorageSpec(name, kind, location, multiple));
            }

            name = null;
            iface = null;
            limit = null;
            type = null;
            location = null;
            multiple = false;
        }

        foreach (var raw in yaml.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw.TrimEnd('\r'));
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var text = line.Trim();
            if (indent == 0)
            {
                Flush();
                section = text switch
                {
                    "requires:" => EndpointRole.Requires,
                    "provides:" => EndpointRole.Provides,
                    "peers:" => EndpointRole.Peers,
                    _ => null,
                };
                inStorage = text == "storage:";
                endpointIndent = -1;
                continue;
            }

            if (section is null && !inStorage)
            {
                continue;
            }

            if (endpointIndent < 0)
            {
                endpointIndent = indent;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"line {lineNumber}: expected 'key: value' in the {(inStorage ? "storage" : section!.Value.ToString().ToLowerInvariant())} section, got '{text}'.");
            }

            var key = Unquote(text[..colon].Trim());
            var value = Unquote(text[(colon + 1)..].Trim());
            if (indent == endpointIndent)
            {
                Flush();
                name = key;
                nameLine = lineNumber;
                if (value.Length > 0)
                {
                    throw new FormatException(inStorage
                        ? $"line {lineNumber}: storage '{key}' must be a mapping with a 'type' key."
                        : $"line {lineNumber}: endpoint '{key}' must be a mapping with an 'interface' key.");
                }
            }
            else if (indent > endpointIndent && name is not null && inStorage)
            {
                // Only the storage's own keys (type, location, multiple), not those nested deeper (multiple's range).
                type = key == "type" ? value : type;
                location = key == "location" ? value : location;
                multiple |= key == "multiple";
            }
            else if (indent > endpointIndent && name is not null)
            {
                if (key == "interface")
                {
                    iface = value;
                }
                else if (key == "limit" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    limit = l;
                }
            }
        }

        Flush();
        return new CharmMetadata(endpoints, storages);
    }

    /// <summary>
    /// Reads <c>metadata.yaml</c>, or else <c>charmcraft.yaml</c>, from a charm directory; <see cref="Empty"/> when
    /// neither exists.
    /// </summary>
    public static CharmMetadata Load(string charmDirectory)
    {
        foreach (var file in new[] { "metadata.yaml", "charmcraft.yaml" })
        {
            var path = Path.Combine(charmDirectory, file);
            if (File.Exists(path))
            {
                try
                {
                    return ParseYaml(File.ReadAllText(path));
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{path}: {e.Message}", e);
                }
            }
        }

        return Empty;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        if (line.TrimStart().StartsWith('#'))
        {
            return "";
        }

        return hash >= 0 ? line[..hash] : line;
    }

    private static string Unquote(string s)
        => s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')) ? s[1..^1] : s;
}
