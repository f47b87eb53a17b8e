using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;
using Charm.Simulator.Scenarios;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// The inputs <c>Fuzz/SimulatorInputFuzzTests</c> found that escaped the simulator's parsers as undocumented exceptions
/// (finding S-3 of <c>docs/reliability.md</c>); each now comes out as the parser's documented error.
/// </summary>
public sealed class SimulatorInputRegressionTests
{
    [Theory]
    [InlineData("a: &x b\nc: *x\n[\n<<: {a: b}")] // YamlDotNet: InvalidOperationException (seed 3szGXvTJ-R41)
    [InlineData("a: 'b''c'*WfXl*!DwhQ0_2B7z&\n#")] // YamlDotNet: ArgumentException, "unsupported type" (seed 3knLjbZdJqc1)
    public void SettingsYamlDotNetCannotReadAreARefusal(string text)
    {
        var error = Assert.Throws<HookToolError>(() => SettingsParser.ParseMapping(text, "standard input"));

        Assert.Equal(HookToolError.ExitError, error.ExitCode);
        Assert.StartsWith("ERROR cannot parse settings from standard input", error.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void AScenarioFileYamlDotNetCannotReadIsAFormatException()
        => Assert.Throws<FormatException>(() => ScenarioFile.Parse("...\n!!map {}")); // InvalidOperationException (seed bBzQY-Man021)

    [Theory]
    [InlineData("wait 1e400s")]
    [InlineData("wait Infinitym")]
    [InlineData("wait 1e20d")]
    public void AWaitLongerThanATimeSpanIsAFormatException(string step)
    {
        // TimeSpan.FromSeconds(∞) threw OverflowException (seed 4Bb7O0qzGo81).
        var error = Assert.Throws<FormatException>(() => ScenarioOperation.Parse(step));

        Assert.Contains("longer than the simulator can wait", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ScenarioFile.Parse("steps:\n  - " + step + "\n"));
    }

    [Theory]
    [InlineData("407BE9A6D1A6DDA9D161EA5ABC61C0")] // a string length that is not a 7-bit integer: FormatException (seed 5txMWf4QAgr2)
    [InlineData("0100000000FFFFFFFF0F")] // a negative string length: IOException
    public void AResponseWithABadStringLengthIsInvalidData(string hex)
        => Assert.Throws<InvalidDataException>(() => HookToolProtocol.DecodeResponse(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("01000000016B1465794A7A5A574E795A5851694F694A34496E303D1465794A7A5A574E795A5851694F694A34496E303D000002000000B9EFBFBD78625E5C3231")] // seed 0SfwJhGrwi92
    [InlineData("01000000FFFFFFFF0F")]
    public void ARequestWithABadStringLengthIsInvalidData(string hex)
        => Assert.Throws<InvalidDataException>(() => HookToolProtocol.DecodeRequest(Convert.FromHexString(hex)));

    [Fact]
    public void ARequestCutShortIsStillEndOfStream()
        => Assert.Throws<EndOfStreamException>(() => HookToolProtocol.DecodeRequest(Convert.FromHexString("0100000005616263")));
}
