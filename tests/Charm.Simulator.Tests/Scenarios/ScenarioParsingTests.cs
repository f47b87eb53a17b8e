using Charm.Simulator.Scenarios;

namespace Charm.Simulator.Tests.Scenarios;

/// <summary>Scenario steps and files.</summary>
public sealed class ScenarioParsingTests
{
    [Theory]
    [InlineData("add-unit microctl", ScenarioOperationKind.AddUnit, "microctl")]
    [InlineData("add-unit microctl 3", ScenarioOperationKind.AddUnit, "microctl 3")]
    [InlineData("  remove-unit   microctl/2 ", ScenarioOperationKind.RemoveUnit, "microctl/2")]
    [InlineData("set-leader d/1", ScenarioOperationKind.MoveLeader, "d/1")]
    [InlineData("expire-tokens", ScenarioOperationKind.ExpireTokens, "")]
    [InlineData("config app a=1 b=x=y", ScenarioOperationKind.Config, "app a=1 b=x=y")]
    [InlineData("wait 4h", ScenarioOperationKind.Wait, "4h")]
    [InlineData("run 20", ScenarioOperationKind.Run, "20")]
    [InlineData("converge", ScenarioOperationKind.Converge, "")]
    public void StepsParse(string text, ScenarioOperationKind kind, string arguments)
    {
        var step = ScenarioOperation.Parse(text);

        Assert.Equal(kind, step.Kind);
        Assert.Equal(arguments, string.Join(' ', step.Arguments));
    }

    [Theory]
    [InlineData("")]
    [InlineData("deploy x")]
    [InlineData("add-unit")]
    [InlineData("add-unit a b c")]
    [InlineData("add-unit a zero")]
    [InlineData("run -1")]
    [InlineData("wait soon")]
    [InlineData("config app novalue")]
    [InlineData("expire-tokens now")]
    public void BadStepsAreRejected(string text) => Assert.Throws<FormatException>(() => ScenarioOperation.Parse(text));

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("00:01:00", 60)]
    public void DurationsParse(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), ScenarioOperation.ParseDuration(text));

    [Fact]
    public void AFileHasSettingsAndStepsInEitherForm()
    {
        var file = ScenarioFile.Parse("""
            seed: 7
            consumer: ./charms/microctl
            steps:
              - add-unit microctl 2
              - remove-unit: microctl/1
              - expire-tokens:
              - config: [microctl, a=b]
            """);

        Assert.Equal("7", file.Settings["seed"]);
        Assert.Equal("./charms/microctl", file.Settings["consumer"]);
        Assert.Equal(["add-unit microctl 2", "remove-unit microctl/1", "expire-tokens", "config microctl a=b"], file.Steps.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("steps: nope\n", "'steps' must be a list")]
    [InlineData("steps:\n  - fly away\n", "line 2")]
    [InlineData("units: [1, 2]\n", "must be a single value")]
    [InlineData("- a\n- b\n", "a map of settings")]
    public void BadFilesSayWhere(string yaml, string message)
    {
        var e = Assert.Throws<FormatException>(() => ScenarioFile.Parse(yaml));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
