using System.Collections.Frozen;
using Charm.Simulator.Cli.CommandLine;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Cli.Demo;

/// <summary>Everything a demo run needs, from flags and (for <c>run</c>) a scenario file's settings; flags win.</summary>
internal sealed class DemoSettings
{
    public static FrozenSet<string> Options { get; } = new[]
    {
        "consumer", "distributor", "consumer-name", "distributor-name", "units", "distributor-units", "seed", "mode",
        "policy", "cli", "pending-wait", "max-steps", "max-time", "hook-timeout", "hook-tool", "work-dir", "then", "action", "mermaid",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> Switches { get; } = new[] { "trace", "quiet", "keep-work-dir", "allow-blocked" }.ToFrozenSet(StringComparer.Ordinal);

    public string? ConsumerDirectory { get; private set; }

    public string? DistributorDirectory { get; private set; }

    public string? ConsumerName { get; private set; }

    public string? DistributorName { get; private set; }

    public int Units { get; private set; } = 3;

    public int DistributorUnits { get; private set; } = 1;

    public int Seed { get; private set; } = 1;

    public RunMode Mode { get; private set; }

    public SchedulingPolicy Policy { get; private set; } = SchedulingPolicy.Random;

    public string Cli { get; private set; } = "microctl";

    /// <summary>
    /// How long the built-in consumer waits in a hook for PENDING members (<c>--pending-wait SECONDS</c>, 0: no wait);
    /// <see langword="null"/>: the library's default, microcluster's heartbeat interval.
    /// </summary>
    public TimeSpan? PendingWait { get; private set; }

    public int MaxSteps { get; private set; } = 5000;

    public TimeSpan MaxTime { get; private set; } = TimeSpan.FromDays(1);

    public TimeSpan HookTimeout { get; private set; } = TimeSpan.FromMinutes(2);

    public string? HookTool { get; private set; }

    public string? WorkDirectory { get; private set; }

    public bool KeepWorkDirectory { get; private set; }

    public string? MermaidFile { get; private set; }

    public bool Trace { get; private set; }

    public bool Quiet { get; private set; }

    /// <summary>Whether a unit left <c>blocked</c> still lets the run count as converged (<c>--allow-blocked</c>).</summary>
    public bool AllowBlocked { get; private set; }

    public List<ScenarioOperation> Steps { get; } = [];

    /// <summary>The actions to run once the model converged (<c>--action 'UNIT NAME [KEY=VALUE…]'</c>), in order.</summary>
    public List<ActionRequest> Actions { get; } = [];

    /// <summary>Builds the settings: the scenario file's (paths relative to its directory), then the flags on top.</summary>
    /// <exception cref="UsageException">A value is invalid.</exception>
    public static DemoSettings From(ArgumentReader flags, ScenarioFile? scenario = null, string? scenarioDirectory = null)
    {
        var settings = new DemoSettings();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scenario is not null)
        {
            foreach (var (key, value) in scenario.Settings)
            {
                if (!Options.Contains(key) && !Switches.Contains(key))
                {
                    throw new UsageException($"the scenario file sets '{key}', which is not a setting; settings are: {string.Join(", ", Options.Concat(Switches).Order(StringComparer.Ordinal))}.");
                }

                values[key] = key is "consumer" or "distributor" or "hook-tool" or "work-dir" or "mermaid" && scenarioDirectory is not null && value.Length > 0
                    ? Path.GetFullPath(value, scenarioDirectory)
                    : value;
            }

            settings.Steps.AddRange(scenario.Steps);
        }

        foreach (var name in Options.Where(flags.Has))
        {
            values[name] = flags.Value(name)!;
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        bool Flag(string name) => flags.Switch(name) || (values.TryGetValue(name, out var v) && v is "true" or "yes" or "True");

        settings.ConsumerDirectory = Get("consumer");
        settings.DistributorDirectory = Get("distributor");
        settings.ConsumerName = Get("consumer-name");
        settings.DistributorName = Get("distributor-name");
        settings.Units = Get("units") is { } units ? ArgumentReader.PositiveInteger("units", units) : settings.Units;
        settings.DistributorUnits = Get("distributor-units") is { } d ? ArgumentReader.PositiveInteger("distributor-units", d) : settings.DistributorUnits;
        settings.Seed = Get("seed") is { } seed ? ArgumentReader.PositiveInteger("seed", seed, allowZero: true) : settings.Seed;
        settings.MaxSteps = Get("max-steps") is { } steps ? ArgumentReader.PositiveInteger("max-steps", steps) : settings.MaxSteps;
        settings.MaxTime = Get("max-time") is { } time ? Duration("max-time", time) : settings.MaxTime;
        settings.HookTimeout = Get("hook-timeout") is { } timeout ? Duration("hook-timeout", timeout) : settings.HookTimeout;
        settings.Cli = Get("cli") ?? settings.Cli;
        settings.PendingWait = CharmCommand.PendingWait(Get("pending-wait"));
        settings.HookTool = Get("hook-tool");
        settings.WorkDirectory = Get("work-dir");
        settings.MermaidFile = Get("mermaid");
        settings.KeepWorkDirectory = Flag("keep-work-dir") || settings.WorkDirectory is not null;
        settings.Trace = Flag("trace");
        settings.Quiet = Flag("quiet");
        settings.AllowBlocked = Flag("allow-blocked");
        settings.Policy = Get("policy") switch
        {
            null or "random" => SchedulingPolicy.Random,
            "round-robin" => SchedulingPolicy.RoundRobin,
            var other => throw new UsageException($"--policy is random or round-robin, not '{other}'."),
        };
        var hasDirectories = settings.ConsumerDirectory is not null || settings.DistributorDirectory is not null;
        settings.Mode = Get("mode") switch
        {
            null => hasDirectories ? RunMode.Process : RunMode.InProcess,
            "process" => RunMode.Process,
            "in-process" when hasDirectories => throw new UsageException(
                "--mode in-process runs the built-in demo charms, which are compiled into charm-sim; charm directories always run as processes (drop --mode, or use --mode process)."),
            "in-process" => RunMode.InProcess,
            var other => throw new UsageException($"--mode is process or in-process, not '{other}'."),
        };
        foreach (var step in flags.Values("then"))
        {
            try
            {
                settings.Steps.Add(ScenarioOperation.Parse(step));
            }
            catch (FormatException e)
            {
                throw new UsageException("--then: " + e.Message, e);
            }
        }

        var actions = flags.Values("action");
        foreach (var text in actions.Count > 0 ? actions : Get("action") is { } one ? [one] : [])
        {
            settings.Actions.Add(ActionRequest.Parse(text));
        }

        return settings;
    }

    private static TimeSpan Duration(string name, string text)
    {
        try
        {
            var duration = ScenarioOperation.ParseDuration(text);
            return duration > TimeSpan.Zero ? duration : throw new UsageException($"--{name} must be positive.");
        }
        catch (FormatException e)
        {
            throw new UsageException($"--{name}: {e.Message}", e);
        }
    }
}
