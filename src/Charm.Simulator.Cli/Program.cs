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

return CliApplication.Run(args, AnsiConsole.Console);
