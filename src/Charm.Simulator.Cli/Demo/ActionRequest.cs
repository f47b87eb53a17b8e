using System.Globalization;
using Charm.Simulator.Cli.CommandLine;

namespace Charm.Simulator.Cli.Demo;

/// <summary>
/// An action to run on a unit once the model converged, as <c>--action 'microctl/0 list-members count=3'</c> gives it
/// (<c>juju run</c>'s order): the unit, the action, then <c>KEY=VALUE</c> parameters. A value that reads as an integer,
/// a number or <c>true</c>/<c>false</c> is passed as one, as <c>juju run</c> reads YAML values; anything else is a string.
/// </summary>
internal sealed record ActionRequest(string Unit, string Name, IReadOnlyDictionary<string, object?> Parameters)
{
    public static ActionRequest Parse(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            throw new UsageException($"--action takes 'UNIT NAME [KEY=VALUE…]', e.g. 'microctl/0 list-members'; got '{text}'.");
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var word in words[2..])
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--action: the parameter '{word}' is not KEY=VALUE.");
            }

            var value = word[(equals + 1)..];
            parameters[word[..equals]] = value switch
            {
                "true" => true,
                "false" => false,
                _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
                _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
                _ => value,
            };
        }

        return new ActionRequest(words[0], words[1], parameters);
    }

    public override string ToString() => string.Join(' ', new[] { Unit, Name }.Concat(Parameters.Select(p => $"{p.Key}={p.Value}")));
}
