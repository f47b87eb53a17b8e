using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Charm.Charmcraft.Validation;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft;

/// <summary>
/// A charm's <c>charmcraft.yaml</c> in charmcraft 3's all-in-one form, read and checked the way charmcraft and Juju
/// check it, with the <c>metadata.yaml</c>, <c>config.yaml</c> and <c>actions.yaml</c> an author may keep beside it
/// (charmcraft merges the first's name, summary and description, takes the other two in place of <c>config</c> and
/// <c>actions</c>, and copies all three into the charm as they are).
/// </summary>
public sealed class CharmcraftProject
{
    /// <summary>The file charmcraft reads.</summary>
    public const string FileName = "charmcraft.yaml";

    /// <summary>The metadata file Juju reads from a charm archive.</summary>
    public const string MetadataFileName = "metadata.yaml";

    /// <summary>The config file Juju reads from a charm archive.</summary>
    public const string ConfigFileName = "config.yaml";

    /// <summary>The actions file Juju reads from a charm archive.</summary>
    public const string ActionsFileName = "actions.yaml";

    /// <summary>The manifest Juju reads from a charm archive (the bases the charm runs on).</summary>
    public const string ManifestFileName = "manifest.yaml";

    // The metadata keys charmcraft carries from charmcraft.yaml into metadata.yaml, in its order (models/metadata.py).
    private static readonly string[] PassThroughKeys =
    {
        "assumes", "charm-user", "containers", "devices", "extra-bindings", "peers", "provides", "requires", "resources",
        "storage", "subordinate", "terms",
    };

    // With a metadata.yaml beside it, these keys of charmcraft.yaml would not reach the charm.
    private static readonly string[] MetadataOnlyKeys = PassThroughKeys.Concat(new[] { "title", "links" }).ToArray();

    private readonly List<CharmcraftDiagnostic> _diagnostics;
    private readonly YamlMap? _document;
    private readonly YamlMap? _metadata;
    private readonly string? _metadataText;
    private readonly string? _configText;
    private readonly string? _actionsText;
    private readonly YamlMap? _config;
    private readonly IReadOnlyList<CharmBase> _legacyBases;

    private CharmcraftProject(string charmcraftYaml, string? metadataYaml, string? configYaml, string? actionsYaml)
    {
        _diagnostics = new List<CharmcraftDiagnostic>();
        _metadataText = metadataYaml;
        _configText = configYaml;
        _actionsText = actionsYaml;
        var diagnostics = new Diagnostics(FileName, _diagnostics);
        _document = ReadRoot(charmcraftYaml, diagnostics);
        _metadata = metadataYaml is null ? null : ReadRoot(metadataYaml, diagnostics.For(MetadataFileName));
        var config = configYaml is null ? null : ReadRoot(configYaml, diagnostics.For(ConfigFileName));
        var actions = actionsYaml is null ? null : ReadRoot(actionsYaml, diagnostics.For(ActionsFileName));
        if (_document is null)
        {
            _legacyBases = Array.Empty<CharmBase>();
            return;
        }

        var metadataDiagnostics = diagnostics.For(MetadataFileName);
        (Name, Title, Summary, Description) = IdentityRules.Read(_document, _metadata, diagnostics, metadataDiagnostics);
        (Base, var platforms, var legacy) = PlatformRules.Read(_document, diagnostics);
        Platforms = platforms;
        _legacyBases = legacy;

        if (_metadata is not null)
        {
            foreach (var key in MetadataOnlyKeys.Where(k => _document.ContainsKey(k)))
            {
                diagnostics.Report(CharmcraftCodes.Duplicated, _document[key], $"'{key}' is in charmcraft.yaml, but metadata.yaml beside it goes into the charm as it is, so this would be lost; move '{key}' into metadata.yaml, or move metadata.yaml's content into charmcraft.yaml and delete it.");
            }
        }

        var endpointSource = _metadata ?? _document;
        Endpoints = EndpointRules.Read(endpointSource, Name, _metadata is null ? diagnostics : metadataDiagnostics);

        var configSection = _document["config"];
        if (config is not null && configSection is not null)
        {
            diagnostics.Report(CharmcraftCodes.Duplicated, configSection, "'config' is in charmcraft.yaml and config.yaml is beside it, which charmcraft refuses; move config.yaml's options under 'config' and delete config.yaml.");
        }

        ConfigOptions = ConfigRules.Read(config ?? configSection, config is null ? diagnostics : diagnostics.For(ConfigFileName), out _config);

        var actionsSection = _document["actions"];
        if (actions is not null && actionsSection is not null)
        {
            diagnostics.Report(CharmcraftCodes.Duplicated, actionsSection, "'actions' is in charmcraft.yaml and actions.yaml is beside it, which charmcraft refuses; move actions.yaml under 'actions' and delete actions.yaml.");
        }

        Actions = ActionRules.Read(actions ?? actionsSection, Name, actions is null ? diagnostics : diagnostics.For(ActionsFileName));
    }

    /// <summary>Every problem found, in file order per rule; empty when the charm can be packed.</summary>
    public IReadOnlyList<CharmcraftDiagnostic> Diagnostics => _diagnostics;

    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => _diagnostics.Count == 0;

    /// <summary>The charm's name.</summary>
    public string? Name { get; }

    /// <summary>Its title (metadata's <c>display-name</c>), or null.</summary>
    public string? Title { get; }

    /// <summary>Its one-line summary.</summary>
    public string? Summary { get; }

    /// <summary>Its description.</summary>
    public string? Description { get; }

    /// <summary>Its base (<c>ubuntu@24.04</c>), or null when the platforms name their bases (or it uses legacy <c>bases</c>).</summary>
    public string? Base { get; }

    /// <summary>The platforms it is built for.</summary>
    public IReadOnlyList<CharmPlatform> Platforms { get; } = Array.Empty<CharmPlatform>();

    /// <summary>Its relation endpoints (from metadata.yaml when one is beside charmcraft.yaml).</summary>
    public IReadOnlyList<CharmEndpoint> Endpoints { get; } = Array.Empty<CharmEndpoint>();

    /// <summary>Its config options (from config.yaml when one is beside charmcraft.yaml).</summary>
    public IReadOnlyList<CharmConfigOption> ConfigOptions { get; } = Array.Empty<CharmConfigOption>();

    /// <summary>Its actions (from actions.yaml when one is beside charmcraft.yaml).</summary>
    public IReadOnlyList<CharmAction> Actions { get; } = Array.Empty<CharmAction>();

    /// <summary>Reads <paramref name="charmcraftYamlPath"/> and the metadata.yaml, config.yaml and actions.yaml beside it, if any.</summary>
    /// <param name="charmcraftYamlPath">The path of charmcraft.yaml.</param>
    /// <returns>The project; see <see cref="Diagnostics"/> for its problems.</returns>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static CharmcraftProject Load(string charmcraftYamlPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(charmcraftYamlPath))!;
        string? Sibling(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
        }

        return Parse(File.ReadAllText(charmcraftYamlPath, Encoding.UTF8), Sibling(MetadataFileName), Sibling(ConfigFileName), Sibling(ActionsFileName));
    }

    /// <summary>Reads charmcraft.yaml's text, with the text of the files beside it (null where there is none).</summary>
    /// <param name="charmcraftYaml">charmcraft.yaml.</param>
    /// <param name="metadataYaml">metadata.yaml beside it, or null.</param>
    /// <param name="configYaml">config.yaml beside it, or null.</param>
    /// <param name="actionsYaml">actions.yaml beside it, or null.</param>
    /// <returns>The project; see <see cref="Diagnostics"/> for its problems.</returns>
    public static CharmcraftProject Parse(string charmcraftYaml, string? metadataYaml = null, string? configYaml = null, string? actionsYaml = null)
        => new(charmcraftYaml, metadataYaml, configYaml, actionsYaml);

    /// <summary>
    /// The files Juju reads from the archive of this charm built for <paramref name="architecture"/> (a Juju architecture
    /// such as <c>amd64</c>), by name: <c>metadata.yaml</c>, <c>manifest.yaml</c>, and <c>config.yaml</c> /
    /// <c>actions.yaml</c> when the charm has config or actions. Files the author keeps beside charmcraft.yaml are given
    /// as they are, as charmcraft copies them.
    /// </summary>
    /// <param name="architecture">The architecture the charm's binary is built for.</param>
    /// <param name="diagnostics">Problems, including an architecture no platform builds for; the files are empty when there are any.</param>
    /// <returns>File name to text.</returns>
    public IReadOnlyDictionary<string, string> ArchiveFiles(string architecture, out IReadOnlyList<CharmcraftDiagnostic> diagnostics)
    {
        var all = new List<CharmcraftDiagnostic>(_diagnostics);
        diagnostics = all;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_document is null || all.Count > 0)
        {
            return files;
        }

        var manifestBase = PlatformRules.ManifestBase(Base, Platforms, _legacyBases, architecture, new Diagnostics(FileName, all), _document["platforms"] ?? _document["bases"] ?? _document);
        if (manifestBase is null)
        {
            return files;
        }

        files[ManifestFileName] = YamlWriter.Write(Map(("bases", new YamlList(new YamlNode[]
        {
            Map(
                ("name", YamlScalar.String(manifestBase.Name)),
                ("channel", YamlScalar.String(manifestBase.Channel)),
                ("architectures", new YamlList(manifestBase.Architectures.Select(a => (YamlNode)YamlScalar.String(a))))),
        }))));
        files[MetadataFileName] = _metadataText ?? YamlWriter.Write(GeneratedMetadata(_document));
        if (_configText is not null)
        {
            files[ConfigFileName] = _configText;
        }
        else if (_config is not null)
        {
            files[ConfigFileName] = YamlWriter.Write(_config);
        }

        if (_actionsText is not null)
        {
            files[ActionsFileName] = _actionsText;
        }
        else if (_document["actions"] is YamlMap { Entries.Count: > 0 } actions)
        {
            files[ActionsFileName] = YamlWriter.Write(actions);
        }

        return files;
    }

    private YamlMap GeneratedMetadata(YamlMap document)
    {
        var entries = new List<KeyValuePair<string, YamlNode>>
        {
            new("name", YamlScalar.String(Name!)),
        };
        if (Title is not null)
        {
            entries.Add(new("display-name", YamlScalar.String(Title)));
        }

        entries.Add(new("summary", YamlScalar.String(Summary!)));
        entries.Add(new("description", YamlScalar.String(Description!)));
        if (document["links"] is YamlMap links)
        {
            foreach (var link in links.Entries)
            {
                switch (link.Key.Text)
                {
                    case "documentation":
                        entries.Add(new("docs", link.Value));
                        break;
                    case "contact":
                        entries.Add(new("maintainers", link.Value is YamlList ? link.Value : new YamlList(new[] { link.Value })));
                        break;
                    default:
                        entries.Add(new(link.Key.Text, link.Value));
                        break;
                }
            }
        }

        foreach (var key in PassThroughKeys)
        {
            if (document[key] is { } value and not YamlScalar { Kind: YamlScalarKind.Null })
            {
                entries.Add(new(key, key is "provides" or "requires" or "peers" && value is YamlMap endpoints ? LongFormEndpoints(endpoints) : value));
            }
        }

        return new YamlMap(entries);
    }

    // An endpoint given as its interface alone (`db: mysql`) is written as `db: {interface: mysql}`: the same to Juju,
    // and the one form every reader of metadata.yaml takes (Charm.Framework's CharmMetadata reads only this one).
    private static YamlMap LongFormEndpoints(YamlMap endpoints)
        => new(endpoints.Entries.Select(e => new KeyValuePair<string, YamlNode>(
            e.Key.Text,
            e.Value is YamlScalar { Kind: YamlScalarKind.String } shorthand ? Map(("interface", shorthand)) : e.Value)));

    private static YamlMap Map(params (string Key, YamlNode Value)[] entries)
        => new(entries.Select(e => new KeyValuePair<string, YamlNode>(e.Key, e.Value)));

    private static YamlMap? ReadRoot(string text, Diagnostics diagnostics)
    {
        try
        {
            if (YamlReader.Read(text) is YamlMap map)
            {
                return map;
            }

            diagnostics.Report(CharmcraftCodes.Unreadable, null, $"{diagnostics.File} must be a YAML mapping (key: value lines at the top level).");
        }
        catch (YamlReadException e)
        {
            diagnostics.Report(CharmcraftCodes.Unreadable, e.Start, e.Message);
        }

        return null;
    }
}
