using Charm.Simulator.Cli.CommandLine;
using Charm.Simulator.Cli.Demo;
using Charm.Simulator.Scenarios;
using Spectre.Console;

namespace Charm.Simulator.Cli;

/// <summary>charm-sim's commands and usage.</summary>
internal static class CliApplication
{
    public const int ExitUsage = 2;

    public const string Usage = """
        charm-sim: run charms as Juju does, on a simulated model with a fake microcluster.

        Usage:
          charm-sim demo [options]              deploy a workload (consumer) and a token distributor, relate them,
                                                and run until every workload unit is a cluster member
          charm-sim run SCENARIO.yaml [options] the same, with settings and steps read from a scenario file
          charm-sim charm consumer|distributor [--cli PREFIX] [--pending-wait SECONDS]
                                                run one hook of a built-in demo charm (what generated dispatch scripts call)
          charm-sim help                        this text

        Options (demo and run; a scenario file uses the same names as keys, flags win):
          --consumer PATH           the workload charm: a .charm archive (checked and unpacked as Juju does) or a
                                    charm directory (default: the built-in demo consumer)
          --distributor PATH        the distributor charm, likewise (default: the built-in demo distributor)
          --consumer-name NAME      application names (default: each charm's metadata name)
          --distributor-name NAME
          --units N                 workload units (default 3)
          --distributor-units N     distributor units (default 1)
          --seed N                  seeds the scheduler and the fake cluster: a run replays from its seed (default 1)
          --mode process|in-process process: every hook is a real dispatch process with charm-sim-tool as the hook tools;
                                    in-process: the built-in charms run inside charm-sim (default: in-process for the
                                    built-in charms, process as soon as a charm directory is given)
          --policy random|round-robin   how the next unit to run a hook is picked (default random)
          --cli PREFIX              the workload CLI routed to the fake cluster, e.g. microctl or 'microovn cluster'
          --pending-wait SECONDS    how long the built-in consumer waits in a hook for PENDING members (default 10,
                                    microcluster's heartbeat interval; 0: no wait, decide on a later hook)
          --max-steps N             at most N hooks per convergence run (default 5000)
          --max-time DURATION       at most this much simulated time per convergence run (default 1d)
          --hook-timeout DURATION   wall-clock limit of one hook (default 2m); a hook that outlives it is killed and failed
          --hook-tool PATH          charm-sim-tool (default: next to charm-sim, or on PATH)
          --work-dir DIR            put the tools, socket and the units' charm copies here, and keep them
          --keep-work-dir           keep the temporary work directory
          --then STEP               after the first convergence, apply STEP (repeatable); steps:
                                      add-unit APP [COUNT], remove-unit UNIT, move-leader UNIT, expire-tokens,
                                      config APP KEY=VALUE…, update-status, wait DURATION, run STEPS, converge
                                    the run converges again after the last step; expire-tokens expires every
                                    outstanding join token and moves the clock on by the token lifetime (3h)
          --action 'UNIT NAME [KEY=VALUE…]'
                                    once the model converged, run the action on the unit as `juju run` does and print
                                    its results and log (repeatable)
          --mermaid FILE            write the timeline as a Mermaid sequence diagram (Markdown)
          --trace                   print every hook as it runs
          --quiet                   no progress output
          --allow-blocked           count the run as converged even with a unit left blocked (a unit in error
                                    never converges)

        Durations: 90s, 5m, 4h, 2d. Exit codes: 0 converged, 1 not converged, 2 usage error, 3 setup failed, 4 an --action failed.

        Examples:
          charm-sim demo --units 5 --seed 7
          charm-sim demo --consumer artifacts/charms/microctl.charm --distributor artifacts/charms/token-distributor.charm \
                         --units 5 --distributor-units 3 --mermaid timeline.md
          charm-sim demo --then 'add-unit microctl 2' --then 'remove-unit microctl/0' --then 'move-leader token-distributor/0'
          charm-sim demo --consumer artifacts/charms/microctl --distributor artifacts/charms/token-distributor \
                         --action 'microctl/0 list-members'
        """;

    public static int Run(IReadOnlyList<string> args, IAnsiConsole console)
    {
        try
        {
            if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
            {
                console.WriteLine(Usage);
                return args.Count == 0 ? ExitUsage : 0;
            }

            var rest = args.Skip(1).ToList();
            switch (args[0])
            {
                case "demo":
                {
                    var reader = new ArgumentReader(rest, DemoSettings.Options, DemoSettings.Switches);
                    if (reader.Positionals.Count > 0)
                    {
                        throw new UsageException($"demo takes no positional arguments (got '{reader.Positionals[0]}').");
                    }

                    return new DemoRunner(DemoSettings.From(reader), console).Run();
                }

                case "run":
                {
                    var reader = new ArgumentReader(rest, DemoSettings.Options, DemoSettings.Switches);
                    if (reader.Positionals.Count != 1)
                    {
                        throw new UsageException("run takes one scenario file.");
                    }

                    var path = Path.GetFullPath(reader.Positionals[0]);
                    ScenarioFile scenario;
                    try
                    {
                        scenario = ScenarioFile.Parse(File.ReadAllText(path));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new UsageException($"cannot read the scenario file: {e.Message}", e);
                    }
                    catch (FormatException e)
                    {
                        throw new UsageException($"{path}: {e.Message}", e);
                    }

                    return new DemoRunner(DemoSettings.From(reader, scenario, Path.GetDirectoryName(path)), console).Run();
                }

                case "charm":
                    return CharmCommand.Run(rest);

                default:
                    throw new UsageException($"unknown command '{args[0]}'.");
            }
        }
        catch (UsageException e)
        {
            console.MarkupLine("[red]charm-sim:[/] " + Markup.Escape(e.Message));
            console.WriteLine("Run 'charm-sim help' for usage.");
            return ExitUsage;
        }
    }
}
