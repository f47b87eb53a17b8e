using Charm.Simulator.Cli;
using Charm.Simulator.Cli.CommandLine;
using Charm.Simulator.Cli.Demo;
using Spectre.Console;

namespace Charm.Simulator.Tests.Cli;

/// <summary>Runs charm-sim's commands in this process with a plain, wide, non-interactive console captured as text.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var exit = CliApplication.Run(args, Console(writer));
        return (exit, writer.ToString());
    }

    /// <summary>Runs the demo with these flags and returns the runner (its simulation stays readable).</summary>
    public static (int ExitCode, string Output, DemoRunner Runner) Demo(params string[] flags)
    {
        var writer = new StringWriter();
        var reader = new ArgumentReader(flags, DemoSettings.Options, DemoSettings.Switches);
        var runner = new DemoRunner(DemoSettings.From(reader), Console(writer));
        var exit = runner.Run();
        return (exit, writer.ToString(), runner);
    }

    private static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
