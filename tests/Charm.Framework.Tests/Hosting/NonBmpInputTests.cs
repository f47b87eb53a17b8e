using System.Text.Json;
using Charm.Framework.Model;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// Juju reads <c>relation-set --file</c> and <c>state-set --file</c> as YAML with go-yaml (jujuc's settings reader),
/// which refuses a JSON escape of a UTF-16 surrogate ("found invalid Unicode character escape code"). So what the
/// framework writes carries an emoji as raw UTF-8, never as <c>\uD83D\uDE00</c>, and stays JSON that reads back exactly.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class NonBmpInputTests : IDisposable
{
    private const string Emoji = "\U0001F600";

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    public static TheoryData<string> Values => new()
    {
        Emoji,
        "token " + Emoji + " and \u00e9 and \"quotes\"",
        "\U00010348\U0001F680",
        // Text that only looks like an escape stays text: a backslash, then "uD83D\uDE00".
        "\\uD83D\\uDE00",
        "\\" + Emoji,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void RelationSetWritesCharactersOutsideTheBmpAsUtf8SoGoYamlAcceptsThem(string value)
    {
        _tools.AddTool("relation-set");

        _tools.CreateBackend().RelationSet(new RelationId("cluster", 7), isApp: false, new Dictionary<string, string> { ["k"] = value });

        AssertWritten(Assert.Single(_tools.Inputs("relation-set")), value);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void StateSetWritesCharactersOutsideTheBmpAsUtf8SoGoYamlAcceptsThem(string value)
    {
        _tools.AddTool("state-set");

        _tools.CreateBackend().StateSet(new Dictionary<string, string> { ["k"] = value });

        AssertWritten(Assert.Single(_tools.Inputs("state-set")), value);
    }

    private static void AssertWritten(string input, string value)
    {
        // No surrogate escape anywhere (what go-yaml refuses); a backslash the value holds is escaped as \\.
        Assert.DoesNotMatch(@"(?<!\\)(\\\\)*\\u[dD][89a-fA-F]", input);
        using var document = JsonDocument.Parse(input);
        Assert.Equal(value, document.RootElement.GetProperty("k").GetString());
    }
}
