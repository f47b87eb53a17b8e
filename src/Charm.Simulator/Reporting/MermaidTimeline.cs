using System.Globalization;
using System.Text;
using Charm.Framework.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Reporting;

/// <summary>
/// Writes a run's trace as a Mermaid sequence diagram: one participant per unit (in model order) and one for the fake
/// cluster; each hook is a note over its unit, each databag change an arrow to the remote application's units, each
/// cluster CLI call an arrow to the cluster and back with its exit code. Values are never written (they may be join
/// tokens): only keys, and the cluster's redacted argument lists.
/// </summary>
public static class MermaidTimeline
{
    private const string ClusterParticipant = "cluster";

    /// <summary>Writes the diagram for <paramref name="simulation"/>'s trace.</summary>
    /// <param name="simulation">The run.</param>
    /// <param name="writer">Where the diagram goes (a Markdown fence is written around it).</param>
    /// <param name="title">A title line, if any.</param>
    public static void Write(Simulation simulation, TextWriter writer, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(writer);
        var trace = simulation.Trace;
        var units = new List<string>();
        foreach (var name in trace.Select(t => t.Unit).Concat(simulation.Model.Units.Select(u => u.Name)))
        {
            if (!units.Contains(name))
            {
                units.Add(name);
            }
        }

        units.Sort(UnitName.TextOrder);
        var order = simulation.Model.Applications.Select(a => a.Name).ToList();
        units = [.. units.OrderBy(u => order.IndexOf(UnitName.Parse(u).Application)).ThenBy(u => u, UnitName.TextOrder)];
        var aliases = units.Select((u, i) => (u, "u" + i.ToString(CultureInfo.InvariantCulture))).ToDictionary(p => p.u, p => p.Item2, StringComparer.Ordinal);

        var text = new StringBuilder();
        text.Append("```mermaid\n");
        text.Append("sequenceDiagram\n");
        if (title is not null)
        {
            text.Append("    title ").Append(Escape(title)).Append('\n');
        }

        foreach (var unit in units)
        {
            text.Append("    participant ").Append(aliases[unit]).Append(" as ").Append(unit).Append('\n');
        }

        text.Append("    participant ").Append(ClusterParticipant).Append(" as fake cluster\n");
        foreach (var entry in trace)
        {
            var who = aliases[entry.Unit];
            var outcome = entry.Result switch
            {
                HookResult.Succeeded => "",
                HookResult.Failed => " ✗ failed",
                _ => " ✗ timed out",
            };
            text.Append("    Note over ").Append(who).Append(": [").Append(entry.Step.ToString(CultureInfo.InvariantCulture)).Append("] ")
                .Append(Escape(entry.Hook.Describe())).Append(outcome).Append('\n');
            foreach (var call in entry.ClusterCalls)
            {
                text.Append("    ").Append(who).Append("->>").Append(ClusterParticipant).Append(": ").Append(Escape(string.Join(' ', call.Arguments))).Append('\n');
                text.Append("    ").Append(ClusterParticipant).Append("-->>").Append(who).Append(": ")
                    .Append(call.TimedOut ? "hung" : "exit " + call.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            foreach (var change in entry.Changes)
            {
                var targets = Targets(simulation, entry, change, units);
                var message = Escape($"{change.Relation} {(change.IsApplication ? "app " : "")}{string.Join(", ", change.Keys)}");
                if (targets.Count == 0)
                {
                    text.Append("    Note right of ").Append(who).Append(": sets ").Append(message).Append('\n');
                }

                foreach (var target in targets)
                {
                    text.Append("    ").Append(who).Append("-)").Append(aliases[target]).Append(": ").Append(message).Append('\n');
                }
            }
        }

        text.Append("```\n");
        writer.Write(text.ToString());
    }

    /// <summary>The units the change was visible to: the remote application's units (the other units for a peer relation).</summary>
    private static List<string> Targets(Simulation simulation, TraceEntry entry, DatabagChange change, List<string> units)
    {
        var relation = simulation.Model.FindRelation(change.Relation.Number);
        var writerApp = UnitName.Parse(entry.Unit).Application;
        var remoteApp = relation?.RemoteApplicationOf(writerApp);
        if (remoteApp is null)
        {
            return [];
        }

        return [.. units.Where(u => u != entry.Unit && u.StartsWith(remoteApp + "/", StringComparison.Ordinal))];
    }

    /// <summary>Mermaid reads <c>;</c> as a statement end and <c>#</c> as an entity start.</summary>
    private static string Escape(string text) => text.Replace("#", "#35;", StringComparison.Ordinal).Replace(";", "#59;", StringComparison.Ordinal);
}
