using Charm.Simulator.Cli;
using Spectre.Console;

// The charm command is a charm's own process: its standard streams belong to the hook, so no console decoration.
if (args.Length > 0 && args[0] == "charm")
{
    try
    {
        return CharmCommand.Run(args.Skip(1).ToList());
    }
    catch (Charm.Simulator.Cli.CommandLine.UsageException e)
    {
        Console.Error.WriteLine("charm-sim charm: " + e.Message);
        return CliApplication.ExitUsage;
    }
}

// Written to a file or a pipe (a CI log, `samples/demo.sh > log`), the tables would wrap at Spectre's default of 80
// columns; give them room unless COLUMNS says otherwise.
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COLUMNS")))
{
    console.Profile.Width = 160;
}

return CliApplication.Run(args, console);
