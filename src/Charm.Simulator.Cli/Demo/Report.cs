using System.Globalization;
using Charm.Framework.Model;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Spectre.Console;

namespace Charm.Simulator.Cli.Demo;

/// <summary>The tables printed after a run: cluster members and roles, units and their statuses, hooks, CLI calls.</summary>
internal static class Report
{
    private const int MaxCallsShown = 40;

    public static void Write(IAnsiConsole console, Simulation sim, string consumer, bool converged)
    {
        var hostToUnit = sim.Model.Units.ToDictionary(u => u.HostName, u => u.Name, StringComparer.Ordinal);
        var clusters = sim.Microcluster.ListClusters();

        var members = new Table().Title("Cluster members").AddColumns("cluster", "member", "unit", "role", "status", "address");
        foreach (var cluster in clusters)
        {
            foreach (var member in cluster.Members)
            {
                members.AddRow(
                    Markup.Escape(cluster.Id),
                    Markup.Escape(member.Name),
                    Markup.Escape(hostToUnit.GetValueOrDefault(member.Name, "(gone)")),
                    Markup.Escape(member.Role),
                    Markup.Escape(member.Status),
                    Markup.Escape(member.Address));
            }
        }

        if (clusters.Count == 0)
        {
            members.AddRow("(no cluster)", "", "", "", "", "");
        }

        console.Write(members);

        var units = new Table().Title("Units").AddColumns("unit", "host", "leader", "status", "message", "ports", "hooks", "failed", "pending");
        foreach (var unit in sim.Model.Units)
        {
            var status = unit.Status;
            var colour = status.Kind switch
            {
                StatusKind.Active => "green",
                StatusKind.Blocked or StatusKind.Error => "red",
                StatusKind.Waiting or StatusKind.Maintenance => "yellow",
                _ => "grey",
            };
            units.AddRow(
                Markup.Escape(unit.Name),
                Markup.Escape(unit.HostName),
                unit.IsLeader ? "*" : "",
                $"[{colour}]{Markup.Escape(status.Name)}[/]",
                Markup.Escape(status.Message),
                Markup.Escape(string.Join(' ', unit.OpenedPorts)),
                unit.HooksRun.ToString(CultureInfo.InvariantCulture),
                unit.HooksFailed.ToString(CultureInfo.InvariantCulture),
                unit.Queue.Count.ToString(CultureInfo.InvariantCulture) + (unit.IsStuck ? " (gave up)" : ""));
        }

        console.Write(units);

        var calls = sim.Microcluster.ListCalls();
        var callTable = new Table().Title($"Cluster CLI calls ({calls.Count})").AddColumns("#", "time", "host", "command", "result");
        foreach (var call in calls.Skip(Math.Max(0, calls.Count - MaxCallsShown)))
        {
            callTable.AddRow(
                call.Sequence.ToString(CultureInfo.InvariantCulture),
                call.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(call.HostName),
                Markup.Escape(sim.Options.WorkloadCommand + " " + string.Join(' ', call.Arguments)),
                call.TimedOut ? "[red]hung[/]" : call.ExitCode == 0 ? "0" : $"[red]{call.ExitCode.ToString(CultureInfo.InvariantCulture)}[/]");
        }

        if (calls.Count > MaxCallsShown)
        {
            callTable.Caption($"the last {MaxCallsShown} of {calls.Count}");
        }

        console.Write(callTable);

        var byVerb = calls.GroupBy(c => c.Arguments.Count > 0 ? c.Arguments[0] : "").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ×{g.Count()}{(g.Any(c => c.ExitCode != 0) ? $" ({g.Count(c => c.ExitCode != 0)} failed)" : "")}");
        var failed = sim.Trace.Count(t => t.Result != HookResult.Succeeded);
        console.MarkupLine(Markup.Escape(
            $"Hooks run: {sim.Trace.Count} ({failed} failed, {sim.CoalescedHooks} coalesced); CLI calls: {string.Join(", ", byVerb)}; simulated time {sim.Clock.Now - sim.Options.StartTime:g}."));
        var clusterCount = ClusterFormation.ClusterCount(sim, consumer);
        if (clusterCount > 1)
        {
            console.MarkupLine($"[red]split brain:[/] {Markup.Escape(consumer)}'s units are in {clusterCount} different clusters.");
        }

        foreach (var failing in sim.Model.Units.Where(u => u.FailingHook is not null))
        {
            var state = failing.IsStuck ? "gave up on" : "keeps failing (and retrying)";
            console.MarkupLine($"[red]{Markup.Escape(failing.Name)} {state} {Markup.Escape(failing.FailingHook ?? "")}[/]:");
            foreach (var line in FailureDetails(sim, failing.Name))
            {
                console.MarkupLine("    " + Markup.Escape(line));
            }
        }

        foreach (var blocked in sim.Model.Units.Where(u => u.FailingHook is null && u.Status.Kind == StatusKind.Blocked))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(blocked.Name)} is blocked[/]: {Markup.Escape(blocked.Status.Message)}");
        }

        console.MarkupLine(converged
            ? $"[green]Converged:[/] every {Markup.Escape(consumer)} unit is a cluster member, no hook is pending and no unit is in error or blocked."
            : $"[red]Not converged.[/]");
    }

    /// <summary>How many of a failing hook's last <c>juju-log</c> lines and standard-error lines the report shows.</summary>
    public const int DetailLines = 10;

    /// <summary>
    /// What an operator would look at: the failing hook's last <c>juju-log</c> lines (where ops sends a traceback; on
    /// Juju, <c>juju debug-log</c>), then the last lines of its standard error.
    /// </summary>
    public static IReadOnlyList<string> FailureDetails(Simulation sim, string unit)
    {
        var entry = sim.Trace.LastOrDefault(t => t.Unit == unit && t.Result != HookResult.Succeeded);
        if (entry is null)
        {
            return [];
        }

        var lines = new List<string>();
        var logs = sim.Logs.Where(l => l.Unit == unit && l.Hook == entry.Hook.HookName && l.Time >= entry.Time).TakeLast(DetailLines).ToList();
        if (logs.Count > 0)
        {
            lines.Add($"juju-log (last {logs.Count}):");
            lines.AddRange(logs.SelectMany(l => $"{l.Level.ToString().ToUpperInvariant()} {l.Message}".Split('\n')).Select(l => "  " + l));
        }

        var stderr = entry.ErrorOutput.TrimEnd().Split('\n').Where(l => l.Length > 0).TakeLast(DetailLines).ToList();
        lines.Add(stderr.Count == 0 ? $"standard error: empty (exit code {entry.ExitCode})" : $"standard error (last {stderr.Count} lines):");
        lines.AddRange(stderr.Select(l => "  " + l));
        return lines;
    }
}
