using Charm.Framework.Events;
using Charm.Simulator.Reporting;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scenarios;

/// <summary>The Mermaid timeline of a run.</summary>
public sealed class MermaidTimelineTests
{
    [Fact]
    public void HooksAreNotesChangesAreArrowsToTheRemoteUnitsAndFailuresAreMarked()
    {
        var failOnce = true;
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is RelationCreatedEvent created)
            {
                created.Relation.LocalUnitData["secret-ish;key"] = "s3cr3t-value";
                if (failOnce)
                {
                    failOnce = false;
                    throw new InvalidOperationException("first try fails");
                }
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 2);
        sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var writer = new StringWriter();

        MermaidTimeline.Write(sim, writer, "test run");

        var text = writer.ToString();
        Assert.StartsWith("```mermaid\nsequenceDiagram\n    title test run\n", text, StringComparison.Ordinal);
        Assert.Contains("participant u0 as req/0\n", text, StringComparison.Ordinal);
        Assert.Contains("participant u2 as prov/1\n", text, StringComparison.Ordinal);
        Assert.Contains("db-relation-created(db:0) ✗ failed\n", text, StringComparison.Ordinal);
        Assert.Contains("u0-)u1: db:0 secret-ish#59;key\n", text, StringComparison.Ordinal);
        Assert.Contains("u0-)u2: db:0 secret-ish#59;key\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.EndsWith("```\n", text, StringComparison.Ordinal);
        Assert.Equal(sim.Trace.Count, text.Split('\n').Count(l => l.StartsWith("    Note over", StringComparison.Ordinal)));
    }
}
