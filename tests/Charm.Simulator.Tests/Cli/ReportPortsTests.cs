using Charm.Simulator.Cli.Demo;
using Charm.Simulator.Tests.HookToolServer;
using Spectre.Console;

namespace Charm.Simulator.Tests.Cli;

/// <summary>charm-sim's units table shows each unit's opened ports (what <c>juju status</c> shows in its Ports column).</summary>
public sealed class ReportPortsTests
{
    [Fact]
    public void TheUnitsTableListsTheOpenedPortsOfEachUnit()
    {
        using var h = new ToolHarness();
        var hook = h.ContextFor("req/0");
        foreach (var range in new[] { "8443/tcp", "icmp" })
        {
            Assert.Equal(0, ToolHarness.CallIn(hook, "open-port", null, range).ExitCode);
        }

        Assert.Equal(0, ToolHarness.CallIn(hook, "open-port", null, "9000/udp", "--endpoints", "db").ExitCode);
        hook.Commit();

        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        Report.Write(console, h.Simulation, "req", converged: true);

        var rows = text.ToString().Split('\n');
        Assert.Contains(rows, r => r.Contains("req/0", StringComparison.Ordinal) && r.Contains("icmp 8443/tcp 9000/udp (db)", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("req/1", StringComparison.Ordinal) && r.Contains("/tcp", StringComparison.Ordinal));
    }
}
