using System.Globalization;
using Charm.Framework.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Scenarios;

/// <summary>
/// One step of a scenario, written as a command line: <c>add-unit microctl 2</c>, <c>remove-unit microctl/1</c>,
/// <c>move-leader token-distributor/2</c>, <c>expire-tokens</c>, <c>config microctl key=value</c>, <c>update-status</c>,
/// <c>wait 4h</c>, <c>run 50</c>, <c>converge</c>.
/// </summary>
/// <param name="Kind">What it does.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record ScenarioOperation(ScenarioOperationKind Kind, IReadOnlyList<string> Arguments)
{
    /// <summary>The operation words and what each takes, for usage messages.</summary>
    public const string Syntax =
        "add-unit APP [COUNT] | remove-unit UNIT | move-leader UNIT | expire-tokens | config APP KEY=VALUE… | update-status | wait DURATION | run STEPS | converge";

    /// <summary>Parses one step.</summary>
    /// <exception cref="FormatException">The step is not one of <see cref="Syntax"/>.</exception>
    public static ScenarioOperation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            throw new FormatException("An empty scenario step; write one of: " + Syntax);
        }

        var args = words[1..];
        var kind = words[0] switch
        {
            "add-unit" => ScenarioOperationKind.AddUnit,
            "remove-unit" => ScenarioOperationKind.RemoveUnit,
            "move-leader" or "set-leader" => ScenarioOperationKind.MoveLeader,
            "expire-tokens" => ScenarioOperationKind.ExpireTokens,
            "config" => ScenarioOperationKind.Config,
            "update-status" => ScenarioOperationKind.UpdateStatus,
            "wait" => ScenarioOperationKind.Wait,
            "run" => ScenarioOperationKind.Run,
            "converge" => ScenarioOperationKind.Converge,
            _ => throw new FormatException($"'{words[0]}' is not a scenario step; write one of: {Syntax}"),
        };
        var (min, max) = kind switch
        {
            ScenarioOperationKind.AddUnit => (1, 2),
            ScenarioOperationKind.RemoveUnit or ScenarioOperationKind.MoveLeader or ScenarioOperationKind.Wait or ScenarioOperationKind.Run => (1, 1),
            ScenarioOperationKind.Config => (2, int.MaxValue),
            _ => (0, 0),
        };
        if (args.Length < min || args.Length > max)
        {
            throw new FormatException($"'{text}': {words[0]} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {(max == int.MaxValue ? "any number of" : max.ToString(CultureInfo.InvariantCulture))}")} argument(s); steps are: {Syntax}");
        }

        var operation = new ScenarioOperation(kind, args);
        _ = kind switch
        {
            ScenarioOperationKind.AddUnit when args.Length == 2 => PositiveInteger(args[1], text),
            ScenarioOperationKind.Run => PositiveInteger(args[0], text),
            ScenarioOperationKind.Wait => ParseDuration(args[0]).Ticks,
            ScenarioOperationKind.Config => args.Skip(1).All(a => a.IndexOf('=', StringComparison.Ordinal) > 0) ? 0 : throw new FormatException($"'{text}': config values are KEY=VALUE."),
            _ => 0,
        };
        return operation;
    }

    /// <summary>Parses <c>90s</c>, <c>5m</c>, <c>4h</c>, <c>2d</c> or a <see cref="TimeSpan"/> (<c>01:30:00</c>).</summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var unit = text[^1];
        if (char.IsAsciiLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            try
            {
                return unit switch
                {
                    's' => TimeSpan.FromSeconds(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'd' => TimeSpan.FromDays(amount),
                    _ => throw new FormatException($"'{text}' is not a duration; use e.g. 90s, 5m, 4h, 2d."),
                };
            }
            catch (OverflowException)
            {
                throw new FormatException($"'{text}' is longer than the simulator can wait (at most {TimeSpan.MaxValue.TotalDays:0} days).");
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new FormatException($"'{text}' is not a duration; use e.g. 90s, 5m, 4h, 2d.");
    }

    /// <summary>
    /// Applies a model operation to <paramref name="simulation"/> (not <see cref="ScenarioOperationKind.Run"/> or
    /// <see cref="ScenarioOperationKind.Converge"/>, which the caller runs with its own bounds) and says what it did.
    /// </summary>
    /// <exception cref="ArgumentException">The operation names something the model does not have.</exception>
    public string Apply(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        switch (Kind)
        {
            case ScenarioOperationKind.AddUnit:
                var count = Arguments.Count > 1 ? int.Parse(Arguments[1], CultureInfo.InvariantCulture) : 1;
                var added = Enumerable.Range(0, count).Select(_ => simulation.AddUnit(Arguments[0]).Name).ToList();
                return "added " + string.Join(", ", added);
            case ScenarioOperationKind.RemoveUnit:
                simulation.RemoveUnit(Arguments[0]);
                return "removing " + Arguments[0];
            case ScenarioOperationKind.MoveLeader:
                simulation.SetLeader(Arguments[0]);
                return "leader of " + UnitName.Parse(Arguments[0]).Application + " is now " + Arguments[0];
            case ScenarioOperationKind.ExpireTokens:
                // A token expires because its lifetime passed: every charm's clock sees that time pass too, so a charm
                // that re-issues tokens after their lifetime (as the token consumer does) gets the chance to.
                var expired = simulation.Microcluster.ExpireAllTokens();
                var lifetime = simulation.Microcluster.Options.TokenLifetime;
                simulation.AdvanceTime(lifetime);
                return string.Create(CultureInfo.InvariantCulture, $"expired {expired} outstanding join token(s) and moved the clock on by the token lifetime ({lifetime})");
            case ScenarioOperationKind.Config:
                var values = Arguments.Skip(1).ToDictionary(
                    a => a[..a.IndexOf('=', StringComparison.Ordinal)],
                    a => ConfigValue.FromString(a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]),
                    StringComparer.Ordinal);
                simulation.SetConfig(Arguments[0], values);
                return $"config of {Arguments[0]}: {string.Join(", ", values.Keys)}";
            case ScenarioOperationKind.UpdateStatus:
                simulation.TriggerUpdateStatus();
                return "update-status queued on every started unit";
            case ScenarioOperationKind.Wait:
                var duration = ParseDuration(Arguments[0]);
                simulation.AdvanceTime(duration);
                return $"waited {duration}";
            default:
                throw new InvalidOperationException($"{Kind} runs hooks; the caller runs it with its own bounds.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', new[] { KindWord }.Concat(Arguments));

    private string KindWord => Kind switch
    {
        ScenarioOperationKind.AddUnit => "add-unit",
        ScenarioOperationKind.RemoveUnit => "remove-unit",
        ScenarioOperationKind.MoveLeader => "move-leader",
        ScenarioOperationKind.ExpireTokens => "expire-tokens",
        ScenarioOperationKind.Config => "config",
        ScenarioOperationKind.UpdateStatus => "update-status",
        ScenarioOperationKind.Wait => "wait",
        ScenarioOperationKind.Run => "run",
        _ => "converge",
    };

    private static int PositiveInteger(string text, string step)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{step}': '{text}' is not a positive whole number.");
}
