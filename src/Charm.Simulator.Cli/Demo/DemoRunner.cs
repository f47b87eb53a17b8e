using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Cli.CommandLine;
using Charm.Simulator.Model;
using Charm.Simulator.Reporting;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Spectre.Console;

namespace Charm.Simulator.Cli.Demo;

/// <summary>
/// The demo: deploy a consumer (workload) and a distributor application, relate them, run until every consumer unit is
/// a member of one cluster and no hook is pending, apply the scenario's steps, and report.
/// </summary>
internal sealed partial class DemoRunner(DemoSettings settings, IAnsiConsole console)
{
    public const int ExitConverged = 0;
    public const int ExitNotConverged = 1;
    public const int ExitSetupFailed = 3;

    /// <summary>The model converged, but an <c>--action</c> failed or could not run.</summary>
    public const int ExitActionFailed = 4;

    private string _consumer = "";

    /// <summary>The simulation of the last run (for tests), disposed.</summary>
    public Simulation? Simulation { get; private set; }

    public int Run()
    {
        string? builtInDirectory = null;
        try
        {
            using var sim = new Simulation(new SimulationOptions
            {
                Seed = settings.Seed,
                Policy = settings.Policy,
                WorkloadCommand = settings.Cli,
                HookTimeout = settings.HookTimeout,
                HookToolPath = settings.HookTool,
                WorkDirectory = settings.WorkDirectory,
                KeepWorkDirectory = settings.KeepWorkDirectory,
            });
            Simulation = sim;
            CharmSource consumer;
            CharmSource distributor;
            try
            {
                (consumer, distributor, builtInDirectory) = ResolveCharms(sim);
                _consumer = settings.ConsumerName ?? MetadataName(consumer.Directory) ?? BuiltInCharms.ConsumerName;
                var distributorName = settings.DistributorName ?? MetadataName(distributor.Directory) ?? BuiltInCharms.DistributorName;
                if (_consumer == distributorName)
                {
                    throw new UsageException($"both applications would be called '{_consumer}'; name one with --consumer-name or --distributor-name.");
                }

                sim.Deploy(_consumer, consumer, settings.Units);
                sim.Deploy(distributorName, distributor, settings.DistributorUnits);
                var relation = sim.Relate(_consumer, distributorName);
                console.MarkupLine(Markup.Escape(
                    $"Deployed {_consumer} ×{settings.Units} and {distributorName} ×{settings.DistributorUnits} ({Describe(settings.Mode)}), related {relation.First} ↔ {relation.Second}; seed {settings.Seed}, {settings.Policy.ToString().ToLowerInvariant()} scheduling."));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
            {
                console.MarkupLine("[red]error:[/] " + Markup.Escape(e.Message));
                return ExitSetupFailed;
            }

            foreach (var warning in sim.Warnings)
            {
                console.MarkupLine("[yellow]warning:[/] " + Markup.Escape(warning));
            }

            if (settings.Trace)
            {
                sim.HookCompleted = entry => console.MarkupLine(Markup.Escape(entry.ToString()));
            }

            var converged = Converge(sim, "initial deployment");
            foreach (var step in settings.Steps)
            {
                if (!converged)
                {
                    break;
                }

                converged = RunStep(sim, step);
            }

            if (converged && settings.Steps.Count > 0 && settings.Steps[^1].Kind != ScenarioOperationKind.Converge)
            {
                converged = Converge(sim, "after the last step");
            }

            Report.Write(console, sim, _consumer, converged);
            var actionsSucceeded = !converged || RunActions(sim);
            if (settings.MermaidFile is { } file)
            {
                using (var writer = new StreamWriter(file))
                {
                    writer.WriteLine($"# charm-sim timeline (seed {settings.Seed.ToString(CultureInfo.InvariantCulture)})");
                    writer.WriteLine();
                    MermaidTimeline.Write(sim, writer, $"{_consumer} and its token distributor, seed {settings.Seed.ToString(CultureInfo.InvariantCulture)}");
                }

                console.MarkupLine(Markup.Escape($"Timeline written to {file} ({sim.Trace.Count} hooks)."));
            }

            return !converged ? ExitNotConverged : actionsSucceeded ? ExitConverged : ExitActionFailed;
        }
        finally
        {
            if (builtInDirectory is not null && !settings.KeepWorkDirectory)
            {
                try
                {
                    Directory.Delete(builtInDirectory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>Runs the <c>--action</c> requests in order and prints each outcome; false when one failed or could not run.</summary>
    private bool RunActions(Simulation sim)
    {
        var all = true;
        foreach (var request in settings.Actions)
        {
            try
            {
                var result = sim.RunAction(request.Unit, request.Name, request.Parameters);
                var ok = result.Status == ActionStatus.Completed;
                all &= ok;
                console.MarkupLine(Markup.Escape($"Action {request}: {(ok ? "completed" : "failed: " + result.Message)}"));
                foreach (var line in result.Log)
                {
                    console.MarkupLine(Markup.Escape("  log: " + line));
                }

                foreach (var (key, value) in Flatten("", result.Results))
                {
                    console.MarkupLine(Markup.Escape($"  {key}: {value}"));
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                all = false;
                console.MarkupLine("[red]error:[/] " + Markup.Escape($"action {request}: {e.Message}"));
            }
        }

        return all;
    }

    private static IEnumerable<(string Key, string Value)> Flatten(string prefix, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is IReadOnlyDictionary<string, object?> nested)
            {
                foreach (var item in Flatten(prefix + key + ".", nested))
                {
                    yield return item;
                }
            }
            else
            {
                yield return (prefix + key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            }
        }
    }

    private bool RunStep(Simulation sim, ScenarioOperation step)
    {
        switch (step.Kind)
        {
            case ScenarioOperationKind.Converge:
                return Converge(sim, "converge");
            case ScenarioOperationKind.Run:
                var steps = int.Parse(step.Arguments[0], CultureInfo.InvariantCulture);
                var result = sim.Run(steps);
                console.MarkupLine(Markup.Escape($"→ {step}: ran {result.Steps} hook(s)."));
                return true;
            default:
                try
                {
                    console.MarkupLine(Markup.Escape($"→ {step}: {step.Apply(sim)}."));
                    return true;
                }
                catch (ArgumentException e)
                {
                    console.MarkupLine("[red]error:[/] " + Markup.Escape($"{step}: {e.Message}"));
                    return false;
                }
        }
    }

    private bool Converge(Simulation sim, string what)
    {
        var before = sim.Steps;
        var started = sim.Clock.Now;
        SimulationRunResult result;
        bool Predicate(Simulation s) => ClusterFormation.Converged(s, _consumer, settings.AllowBlocked);
        if (settings.Quiet || settings.Trace || !console.Profile.Capabilities.Interactive)
        {
            var previous = sim.HookCompleted;
            if (!settings.Quiet && !settings.Trace)
            {
                sim.HookCompleted = e =>
                {
                    if (e.Step % 100 == 0)
                    {
                        console.MarkupLine(Markup.Escape($"  … {e.Step} hooks, {Members(sim)} member(s)"));
                    }
                };
            }

            result = sim.RunUntil(Predicate, settings.MaxSteps, settings.MaxTime);
            sim.HookCompleted = previous;
        }
        else
        {
            result = console.Status().Start($"Running ({what})…", context =>
            {
                sim.HookCompleted = e => context.Status(Markup.Escape($"[{e.Step}] {e.Unit} {e.Hook.Describe()} — {Members(sim)} cluster member(s)"));
                var outcome = sim.RunUntil(Predicate, settings.MaxSteps, settings.MaxTime);
                sim.HookCompleted = null;
                return outcome;
            });
        }

        var elapsed = sim.Clock.Now - started;
        var ran = sim.Steps - before;
        if (result.Converged)
        {
            console.MarkupLine(Markup.Escape($"✓ {what}: converged after {ran} hook(s), {elapsed:g} simulated."));
            return true;
        }

        var why = result.Reason switch
        {
            StopReason.StepLimit => $"stopped at the step bound ({settings.MaxSteps})",
            StopReason.TimeLimit => $"stopped at the simulated-time bound ({settings.MaxTime:g})",
            _ when ClusterFormation.AllUnitsClustered(sim, _consumer) && !ClusterFormation.Unattended(sim, settings.AllowBlocked)
                => settings.AllowBlocked ? "the cluster formed, but a unit is in error" : "the cluster formed, but a unit is in error or blocked (--allow-blocked accepts blocked units)",
            _ => "the model went quiet without the cluster forming",
        };
        var failing = result.FailingHooks.Count == 0 ? "" : " Failing hooks (retried for ever, as Juju does): " + string.Join("; ", result.FailingHooks) + ".";
        console.MarkupLine("[red]✗[/] " + Markup.Escape($"{what}: not converged: {why}, after {ran} hook(s).{failing}"));
        return false;
    }

    private static int Members(Simulation sim) => sim.Microcluster.ListClusters().Sum(c => c.Members.Count);

    private (CharmSource Consumer, CharmSource Distributor, string? BuiltInDirectory) ResolveCharms(Simulation sim)
    {
        if (settings.Mode == RunMode.InProcess)
        {
            return (BuiltInCharms.Consumer(settings.Cli, settings.PendingWait), BuiltInCharms.Distributor(), null);
        }

        string? generated = null;
        var consumer = settings.ConsumerDirectory;
        var distributor = settings.DistributorDirectory;
        if (consumer is null || distributor is null)
        {
            generated = settings.WorkDirectory is { } work ? Path.Combine(work, "built-in-charms") : Directory.CreateTempSubdirectory("charm-sim-builtin-").FullName;
            var (c, d) = BuiltInCharms.WriteDirectories(generated, settings.Cli, settings.PendingWait);
            consumer ??= c;
            distributor ??= d;
        }

        // A .charm file is checked and unpacked as Juju does, into a folder removed with the built-in charms' one.
        if (File.Exists(consumer) || File.Exists(distributor))
        {
            generated ??= settings.WorkDirectory is { } work ? Path.Combine(work, "unpacked-charms") : Directory.CreateTempSubdirectory("charm-sim-charms-").FullName;
        }

        CharmSource Load(string path, string role) => File.Exists(path)
            ? CharmSource.FromArchive(path, Path.Combine(generated!, "unpacked-" + role))
            : CharmSource.FromDirectory(path);
        return (Load(consumer, "consumer"), Load(distributor, "distributor"), settings.WorkDirectory is null ? generated : null);
    }

    /// <summary>The <c>name:</c> of a charm directory's metadata.yaml (or charmcraft.yaml).</summary>
    private static string? MetadataName(string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        foreach (var file in new[] { "metadata.yaml", "charmcraft.yaml" })
        {
            var path = Path.Combine(directory, file);
            if (File.Exists(path) && NameLine().Match(File.ReadAllText(path)) is { Success: true } match)
            {
                return match.Groups[1].Value.Trim('"', '\'');
            }
        }

        return null;
    }

    private static string Describe(RunMode mode) => mode == RunMode.Process ? "real dispatch processes" : "in-process built-in charms";

    [GeneratedRegex(@"^name:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NameLine();
}
