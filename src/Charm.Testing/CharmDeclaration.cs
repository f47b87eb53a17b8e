using System.Collections.Immutable;
using System.Globalization;
using Charm.Framework.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Charm.Testing;

/// <summary>
/// What a charm declares in its <c>charmcraft.yaml</c> that a test must respect: its endpoints, its config options (type
/// and default) and its actions (parameter names and defaults). <see cref="Context.FromCharmcraft"/> builds a context
/// that fills in the defaults, as Juju does, and refuses a state or action that uses what is not declared.
/// </summary>
public sealed class CharmDeclaration
{
    private CharmDeclaration(string name, CharmMetadata metadata, ImmutableSortedDictionary<string, ConfigOption> options, ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, object?>> actions)
    {
        Name = name;
        Metadata = metadata;
        ConfigOptions = options;
        Actions = actions;
    }

    /// <summary>The charm's name (<c>name:</c>).</summary>
    public string Name { get; }

    /// <summary>The endpoints.</summary>
    public CharmMetadata Metadata { get; }

    /// <summary>The config options, by name.</summary>
    public ImmutableSortedDictionary<string, ConfigOption> ConfigOptions { get; }

    /// <summary>The actions, by name, each with its parameters' defaults (<see langword="null"/> for a parameter without one).</summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, object?>> Actions { get; }

    /// <summary>One declared config option.</summary>
    /// <param name="Type"><c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c> or <c>secret</c>.</param>
    /// <param name="Default">Its default, or <see langword="null"/> when it has none.</param>
    public sealed record ConfigOption(string Type, ConfigValue? Default);

    /// <summary>Reads a <c>charmcraft.yaml</c>'s text.</summary>
    /// <exception cref="FormatException">It is not YAML, or a section is not of the form charmcraft documents.</exception>
    public static CharmDeclaration Parse(string charmcraftYaml)
    {
        ArgumentNullException.ThrowIfNull(charmcraftYaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(charmcraftYaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"charmcraft.yaml is not valid YAML: {e.Message}", e);
        }

        var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        if (root is null)
        {
            throw new FormatException("charmcraft.yaml must be a mapping (name:, requires:, config:, actions:, …).");
        }

        var options = ImmutableSortedDictionary.CreateBuilder<string, ConfigOption>(StringComparer.Ordinal);
        if (Child(root, "config") is YamlMappingNode config && Child(config, "options") is YamlMappingNode declared)
        {
            foreach (var (key, value) in declared.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                var option = value as YamlMappingNode ?? throw new FormatException($"config.options.{name} must be a mapping with a 'type'.");
                var type = (Child(option, "type") as YamlScalarNode)?.Value ?? "string";
                options[name] = new ConfigOption(type, Child(option, "default") is YamlScalarNode d && d.Value is { } text ? (ConfigValue?)Coerce($"config.options.{name}", type, text) : null);
            }
        }

        var actions = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, object?>>(StringComparer.Ordinal);
        if (Child(root, "actions") is YamlMappingNode declaredActions)
        {
            foreach (var (key, value) in declaredActions.Children)
            {
                var parameters = ImmutableSortedDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
                if (value is YamlMappingNode action && Child(action, "params") is YamlMappingNode declaredParams)
                {
                    foreach (var (paramKey, paramValue) in declaredParams.Children)
                    {
                        var param = paramValue as YamlMappingNode;
                        var type = param is null ? "string" : (Child(param, "type") as YamlScalarNode)?.Value ?? "string";
                        parameters[((YamlScalarNode)paramKey).Value!] = param is not null && Child(param, "default") is YamlScalarNode d && d.Value is { } text
                            ? Coerce($"actions.{key}.params.{paramKey}", type, text).Value
                            : null;
                    }
                }

                actions[((YamlScalarNode)key).Value!] = parameters.ToImmutable();
            }
        }

        var name2 = (Child(root, "name") as YamlScalarNode)?.Value ?? "app";
        return new CharmDeclaration(name2, CharmMetadata.ParseYaml(charmcraftYaml), options.ToImmutable(), actions.ToImmutable());
    }

    /// <summary>Reads the <c>charmcraft.yaml</c> at <paramref name="path"/>.</summary>
    public static CharmDeclaration Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The config <c>config-get</c> answers for <paramref name="set"/>: every default, overlaid with what is set.</summary>
    public ImmutableSortedDictionary<string, ConfigValue> EffectiveConfig(ImmutableSortedDictionary<string, ConfigValue> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var builder = set.ToBuilder();
        foreach (var (name, option) in ConfigOptions)
        {
            if (option.Default is { } value && !builder.ContainsKey(name))
            {
                builder[name] = value;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>What in <paramref name="state"/> the charm does not declare: relations on unknown endpoints, storage of unknown names, unknown or mistyped config.</summary>
    public IReadOnlyList<string> Problems(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var problems = new List<string>();
        foreach (var relation in state.Relations.Where(r => Metadata.Find(r.Endpoint) is null))
        {
            problems.Add($"relation {relation.RelationId} is on endpoint '{relation.Endpoint}', which {Name} does not declare (it declares {Join(Metadata.Endpoints.Select(e => e.Name))})");
        }

        foreach (var storage in state.Storages.Where(s => Metadata.FindStorage(s.Name) is null))
        {
            problems.Add($"storage {storage.Id} is of storage '{storage.Name}', which {Name} does not declare (it declares {Join(Metadata.Storages.Select(s => s.Name))})");
        }

        foreach (var (key, value) in state.Config)
        {
            if (!ConfigOptions.TryGetValue(key, out var option))
            {
                problems.Add($"config option '{key}' is not declared by {Name} (it declares {Join(ConfigOptions.Keys)}); Juju refuses 'juju config' of an undeclared option");
            }
            else if (!Fits(option.Type, value))
            {
                problems.Add($"config option '{key}' is declared as {option.Type}, but the state gives {value.Value.GetType().Name} '{value}'");
            }
        }

        return problems;
    }

    /// <summary>The parameters an action gets: the declared defaults, overlaid with <paramref name="given"/>.</summary>
    /// <exception cref="ArgumentException">The action, or a given parameter, is not declared.</exception>
    public IReadOnlyDictionary<string, object?> ActionParameters(string action, IReadOnlyDictionary<string, object?>? given)
    {
        if (!Actions.TryGetValue(action, out var declared))
        {
            throw new ArgumentException($"{Name} declares no action '{action}' (it declares {Join(Actions.Keys)}); Juju would refuse to run it.", nameof(action));
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in declared.Where(p => p.Value is not null))
        {
            parameters[name] = value;
        }

        foreach (var (name, value) in given ?? new Dictionary<string, object?>())
        {
            parameters[name] = declared.ContainsKey(name)
                ? value
                : throw new ArgumentException($"action '{action}' of {Name} has no parameter '{name}' (it has {Join(declared.Keys)}); Juju refuses undeclared parameters.", nameof(given));
        }

        return parameters;
    }

    private static string Join(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : "none";

    private static bool Fits(string type, ConfigValue value) => type switch
    {
        "int" => value.Value is long,
        "float" => value.Value is double or long,
        "boolean" => value.Value is bool,
        _ => value.Value is string,
    };

    private static YamlNode? Child(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static ConfigValue Coerce(string where, string type, string text)
    {
        switch (type)
        {
            case "int" or "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                return ConfigValue.FromInt64(l);
            case "float" or "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                return ConfigValue.FromDouble(d);
            case "boolean" when text is "true" or "false":
                return ConfigValue.FromBoolean(text == "true");
            case "int" or "integer" or "float" or "number" or "boolean":
                throw new FormatException($"{where}: the default '{text}' is not a {type}.");
            default:
                return ConfigValue.FromString(text);
        }
    }
}
