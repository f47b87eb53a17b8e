using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Charm.Simulator.Scenarios;

/// <summary>
/// A scenario file (YAML): settings as top-level keys (the same names as <c>charm-sim</c>'s flags, e.g. <c>seed: 3</c>,
/// <c>units: 5</c>, <c>consumer: ./charms/microctl</c>) and a <c>steps</c> list, each step a
/// <see cref="ScenarioOperation"/> written as a string (<c>- add-unit microctl 2</c>) or a one-key map
/// (<c>- remove-unit: microctl/1</c>, <c>- expire-tokens:</c>).
/// </summary>
/// <param name="Settings">The top-level settings, as text.</param>
/// <param name="Steps">The steps, in order.</param>
public sealed record ScenarioFile(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<ScenarioOperation> Steps)
{
    /// <summary>Reads a scenario file.</summary>
    /// <exception cref="FormatException">The file is not a scenario (with the line of the problem where known).</exception>
    public static ScenarioFile Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed streams this way (e.g. a document end marker before a collection).
            throw new FormatException($"not a YAML document: {e.Message}", e);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = new List<ScenarioOperation>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode)
        {
            return new ScenarioFile(settings, steps);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("a scenario file is a map of settings with a 'steps' list.");
        }

        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw new FormatException($"line {keyNode.Start.Line}: keys must be plain words.");
            if (key == "steps")
            {
                if (value is not YamlSequenceNode list)
                {
                    throw new FormatException($"line {value.Start.Line}: 'steps' must be a list.");
                }

                foreach (var item in list.Children)
                {
                    steps.Add(ParseStep(item));
                }
            }
            else if (value is YamlScalarNode scalar)
            {
                settings[key] = scalar.Value ?? "";
            }
            else
            {
                throw new FormatException($"line {value.Start.Line}: the setting '{key}' must be a single value.");
            }
        }

        return new ScenarioFile(settings, steps);
    }

    private static ScenarioOperation ParseStep(YamlNode item)
    {
        string text = item switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            YamlMappingNode { Children.Count: 1 } map => Join(map.Children.Single()),
            _ => throw new FormatException($"line {item.Start.Line}: a step is a string ('add-unit microctl') or a one-key map ('remove-unit: microctl/1')."),
        };
        try
        {
            return ScenarioOperation.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"line {item.Start.Line}: {e.Message}", e);
        }
    }

    private static string Join(KeyValuePair<YamlNode, YamlNode> pair)
    {
        var word = (pair.Key as YamlScalarNode)?.Value ?? "";
        var argument = pair.Value switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            YamlSequenceNode list => string.Join(' ', list.Children.Select(c => (c as YamlScalarNode)?.Value ?? "")),
            _ => "",
        };
        return argument.Length == 0 ? word : word + " " + argument;
    }
}
