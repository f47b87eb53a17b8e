using Charm.Charmcraft;

namespace Charm.Packaging.Tests.Charmcraft;

/// <summary>
/// charmcraft.yaml is checked as charmcraft (models/project.py, its config/actions handling and linters) and Juju
/// (internal/charm: meta.go, config.go, actions.go, manifest.go) check it; each case names the fact it pins, and each
/// error names the key, its line, and the fix.
/// </summary>
public sealed class CharmcraftValidationTests
{
    /// <summary>A valid charm with endpoints, options and actions; cases replace one of its lines.</summary>
    internal const string Valid = """
        name: configured
        type: charm
        title: Configured charm
        summary: A charm with options and actions.
        description: |
          Used by the packaging tests.
        base: ubuntu@24.04
        platforms:
          amd64:
        requires:
          cluster:
            interface: worker-cluster
            limit: 1
        provides:
          metrics: prometheus
        peers:
          replicas:
            interface: configured-peers
        config:
          options:
            port:
              type: int
              default: 8080
              description: The port.
            ratio:
              type: float
              default: 0.5
            verbose:
              type: boolean
              default: false
            greeting:
              type: string
              default: "hello 😀"
            password:
              type: secret
        actions:
          snapshot:
            description: Take a snapshot.
            params:
              filename:
                type: string
                description: Where to write it.
              compress:
                type: boolean
                default: true
            required: [filename]
          restart:
        parts:
          charm:
            plugin: nil
            source: .
        """;

    /// <summary>The valid charm with its one line equal to <paramref name="oldLine"/> replaced.</summary>
    private static CharmcraftProject With(string oldLine, string newLines)
    {
        var lines = Valid.Split('\n');
        var index = Assert.Single(Enumerable.Range(0, lines.Length), i => lines[i] == oldLine);
        lines[index] = newLines;
        return CharmcraftProject.Parse(string.Join('\n', lines));
    }

    /// <summary>Replacing <paramref name="line"/> gives one error: its code, at its line, saying what to fix.</summary>
    private static void AssertProblem(string code, string line, string replacement, int expectedLine, string says)
    {
        var d = Single(With(line, replacement), code);
        Assert.Equal(expectedLine, d.Line);
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
    }

    private static CharmcraftDiagnostic Single(CharmcraftProject project, string code)
    {
        var d = Assert.Single(project.Diagnostics);
        Assert.True(d.Code == code, d.ToString());
        return d;
    }

    [Fact]
    public void TheValidCharmHasNoProblemsAndItsModelIsRead()
    {
        var project = CharmcraftProject.Parse(Valid);

        Assert.True(project.IsValid, string.Join("\n", project.Diagnostics));
        Assert.Equal("configured", project.Name);
        Assert.Equal("ubuntu@24.04", project.Base);
        Assert.Equal(
            [
                new CharmEndpoint("metrics", CharmEndpointRole.Provides, "prometheus", null, false, "global"),
                new CharmEndpoint("cluster", CharmEndpointRole.Requires, "worker-cluster", 1, false, "global"),
                new CharmEndpoint("replicas", CharmEndpointRole.Peers, "configured-peers", null, false, "global"),
            ],
            project.Endpoints);
        Assert.Equal(
            [
                new CharmConfigOption("port", CharmConfigType.Int, 8080L, "The port."),
                new CharmConfigOption("ratio", CharmConfigType.Float, 0.5, null),
                new CharmConfigOption("verbose", CharmConfigType.Boolean, false, null),
                new CharmConfigOption("greeting", CharmConfigType.String, "hello 😀", null),
                new CharmConfigOption("password", CharmConfigType.Secret, null, null),
            ],
            project.ConfigOptions);
        Assert.Equal(["snapshot", "restart"], project.Actions.Select(a => a.Name));
        Assert.Equal(["filename", "compress"], project.Actions[0].Params!.Entries.Select(e => e.Key.Text));
    }

    // Identity: craft-application's project name rules; Juju's metadata needs string name/summary/description.
    [Theory]
    [InlineData("name: configured", "name: Configured", 1, "lower-case letters")]
    [InlineData("name: configured", "name: my--charm", 1, "single hyphens")]
    [InlineData("name: configured", "name: 1234", 1, "(an integer), not a string")]
    [InlineData("name: configured", "nom: configured", 1, "'name' is missing")]
    [InlineData("type: charm", "type: bundle", 2, "type: charm")]
    [InlineData("title: Configured charm", "title: C", 3, "2 to 40")]
    [InlineData("summary: A charm with options and actions.", "summary: 42", 4, "put it in quotes")]
    public void IdentityProblemsAreReported(string line, string replacement, int expectedLine, string says)
        => AssertProblem(CharmcraftCodes.Identity, line, replacement, expectedLine, says);

    // charmcraft 3: `bases` only for 18.04-22.04 ("Base requires 'platforms' definition"); `platforms` and `parts` needed.
    [Theory]
    [InlineData("base: ubuntu@24.04", "bases:\n  - name: ubuntu\n    channel: \"24.04\"", 8, "Base requires 'platforms' definition")]
    [InlineData("base: ubuntu@24.04", "base: ubuntu@24.10", 7, "use one of")]
    [InlineData("base: ubuntu@24.04", "base: centos@7", 7, "use one of")]
    [InlineData("base: ubuntu@24.04", "base: ubuntu@25.10", 7, "build-base")]
    [InlineData("  amd64:", "  all:", 9, "'all' is refused by Juju")]
    [InlineData("  amd64:", "  armhf:", 9, "Juju does not run charms on armhf")]
    [InlineData("  amd64:", "  x86:", 9, "not an architecture")]
    [InlineData("  amd64:", "  amd64:\n    build-for: [amd64]", 10, "no 'build-on'")]
    [InlineData("  amd64:", "  amd64:\n    build-on: [amd64]\n    build-for: [amd64, arm64]", 11, "exactly one")]
    [InlineData("    plugin: nil", "    plugin: charm", 50, "builds Python charms")]
    public void PlatformProblemsAreReported(string line, string replacement, int expectedLine, string says)
        => AssertProblem(CharmcraftCodes.Platforms, line, replacement, expectedLine, says);

    [Fact]
    public void APlatformsCharmWithoutPlatformsOrPartsIsRefused()
    {
        var project = CharmcraftProject.Parse(Valid.Replace("platforms:\n  amd64:\n", string.Empty, StringComparison.Ordinal)
            .Replace("parts:\n  charm:\n    plugin: nil\n    source: .", string.Empty, StringComparison.Ordinal));
        Assert.Equal(
            ["'platforms' is missing", "'parts' is missing"],
            project.Diagnostics.Select(d => d.Message[..d.Message.IndexOf(':', StringComparison.Ordinal)]));
    }

    // Juju's meta.go: an interface per endpoint; limit an int; scope global/container; optional a bool; juju-* reserved.
    [Theory]
    [InlineData("    interface: worker-cluster", "    optional: true", 12, "has no 'interface'")]
    [InlineData("    interface: worker-cluster", "    interface: \"\"", 12, "empty interface")]
    [InlineData("    limit: 1", "    limit: one", 13, "must be an integer")]
    [InlineData("    limit: 1", "    scope: local", 13, "'global' or 'container'")]
    [InlineData("    limit: 1", "    optional: maybe", 13, "true or false")]
    [InlineData("  metrics: prometheus", "  juju-info: prometheus", 15, "reserves the endpoint name")]
    [InlineData("  metrics: prometheus", "  metrics: juju-info", 15, "reserves 'juju'")]
    [InlineData("  metrics: prometheus", "  cluster: prometheus", 11, "used twice")]
    [InlineData("  metrics: prometheus", "  my.metrics: prometheus", 15, "not a valid endpoint name")]
    [InlineData("  metrics: prometheus", "  metrics: [prometheus]", 15, "interface name or a mapping")]
    public void EndpointProblemsAreReported(string line, string replacement, int expectedLine, string says)
        => AssertProblem(CharmcraftCodes.Endpoints, line, replacement, expectedLine, says);

    [Fact]
    public void ASubordinateNeedsAContainerScopedRequires()
    {
        // meta.go: "subordinate charm lacks requires relation with container scope"; a container-scoped requires may
        // even use the juju- prefix.
        Assert.Contains("scope: container", Single(With("peers:", "subordinate: true\npeers:"), CharmcraftCodes.Endpoints).Message, StringComparison.Ordinal);
        Assert.True(With("peers:", "subordinate: true\npeers:").Diagnostics.Count == 1);
        Assert.True(With("    limit: 1", "    scope: container\nsubordinate: true").IsValid);
    }

    // Juju's config.go with juju/schema's checkers on go-yaml's values; charmcraft's linter requires 'type'.
    [Theory]
    [InlineData("      type: int", "      type: integer", 22, "use string, int, float, boolean or secret")]
    [InlineData("      type: boolean", "      type: bool", 29, "Juju spells it 'boolean'")]
    [InlineData("      type: int", "      tipe: int", 22, "has no 'type'")]
    [InlineData("      default: 8080", "      default: 80.5", 23, "expected int")]
    [InlineData("      default: 8080", "      default: true", 23, "Write an integer")]
    [InlineData("      default: 0.5", "      default: 1", 27, "default: 1.0")]
    [InlineData("      default: 0.5", "      default: \"0.5\"", 27, "expected float")]
    [InlineData("      default: false", "      default: \"yes\"", 30, "true or false")]
    [InlineData("      default: \"hello 😀\"", "      default: yes", 33, "Put it in quotes")]
    [InlineData("      default: \"hello 😀\"", "      default: 24.04", 33, "default: \"24.04\"")]
    [InlineData("      type: secret", "      type: secret\n      default: \"http://example\"", 36, "secret URI")]
    [InlineData("      default: 8080", "      default: [8080]", 23, "single value")]
    public void ConfigProblemsAreReported(string line, string replacement, int expectedLine, string says)
        => AssertProblem(CharmcraftCodes.Config, line, replacement, expectedLine, says);

    [Theory]
    [InlineData("      default: 8080", "      default: \"0x1F\"", 31L)]
    [InlineData("      default: 8080", "      default: 0755", 493L)]
    [InlineData("      default: false", "      default: \"T\"", true)]
    public void DefaultsJujuCoercesAreAcceptedAndCoerced(string line, string replacement, object expected)
    {
        // schema.Int parses a numeric string (strconv.ParseInt base 0); schema.Bool a strconv.ParseBool string.
        var project = With(line, replacement);
        Assert.True(project.IsValid, string.Join("\n", project.Diagnostics));
        Assert.Contains(project.ConfigOptions, o => Equals(o.Default, expected));
    }

    [Fact]
    public void ConfigWithoutOptionsIsRefused()
        => Assert.Contains("has no 'options'", Single(With("  options:", "  choices:"), CharmcraftCodes.Config).Message, StringComparison.Ordinal);

    // Juju's actions.go: the name pattern, juju-* reserved, key types, params a map, no $ref/$schema; JSON Schema draft 4.
    [Theory]
    [InlineData("  snapshot:", "  Snapshot:", 37, "not a valid action name")]
    [InlineData("  snapshot:", "  juju-run:", 37, "reserves the action name")]
    [InlineData("  restart:", "  import:", 47, "Python keyword")]
    [InlineData("    description: Take a snapshot.", "    description: [a]", 38, "must be a string")]
    [InlineData("    params:", "    parallel: maybe\n    params:", 39, "true or false")]
    [InlineData("        type: string", "        type: text", 41, "JSON Schema type")]
    [InlineData("        type: boolean", "        type: bool", 44, "write 'boolean'")]
    [InlineData("        type: string", "        $ref: \"#/definitions/x\"", 41, "refuses '$ref'")]
    [InlineData("    required: [filename]", "    required: [file]", 46, "not a parameter")]
    [InlineData("    required: [filename]", "    required: filename", 46, "list of parameter names")]
    [InlineData("        default: true", "        minLength: -1", 45, "non-negative integer")]
    public void ActionProblemsAreReported(string line, string replacement, int expectedLine, string says)
        => AssertProblem(CharmcraftCodes.Actions, line, replacement, expectedLine, says);

    [Fact]
    public void ParamsThatAreNotAMappingAreRefusedAsJujuDoes()
        => Assert.Contains("params failed to parse as a map", Single(With("    params:", "    params: [filename]\n    ignored:"), CharmcraftCodes.Actions).Message, StringComparison.Ordinal);

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var project = CharmcraftProject.Parse(Valid
            .Replace("name: configured", "name: Bad", StringComparison.Ordinal)
            .Replace("      default: 0.5", "      default: 1", StringComparison.Ordinal)
            .Replace("  snapshot:", "  Snap:", StringComparison.Ordinal));
        Assert.Equal([CharmcraftCodes.Identity, CharmcraftCodes.Config, CharmcraftCodes.Actions], project.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void UnreadableYamlIsOneErrorWithItsPosition()
    {
        var d = Single(CharmcraftProject.Parse("name: x\n  bad: [\n"), CharmcraftCodes.Unreadable);
        Assert.True(d.Line > 0);
        Assert.Equal("charmcraft.yaml", d.File);
        Assert.Single(CharmcraftProject.Parse("- just\n- a list\n").Diagnostics, e => e.Message.Contains("must be a YAML mapping", StringComparison.Ordinal));
    }

    // preprocess.py: name/summary/description in both charmcraft.yaml and metadata.yaml, and a config or actions
    // section beside config.yaml / actions.yaml, are refused.
    [Fact]
    public void ASectionGivenTwiceIsRefused()
    {
        var project = CharmcraftProject.Parse(Valid, metadataYaml: "name: configured\n", configYaml: "options: {}\n", actionsYaml: "x: {}\n");
        var duplicated = project.Diagnostics.Where(d => d.Code == CharmcraftCodes.Duplicated).Select(d => (d.File, d.Message[..12])).ToArray();
        Assert.Contains(("metadata.yaml", "'name' is gi"), duplicated);
        Assert.Contains(("charmcraft.yaml", "'config' is "), duplicated);
        Assert.Contains(("charmcraft.yaml", "'actions' is"), duplicated);
        // Endpoints in charmcraft.yaml would be lost: metadata.yaml goes into the charm as it is.
        Assert.Contains(project.Diagnostics, d => d.Code == CharmcraftCodes.Duplicated && d.Message.StartsWith("'requires' is in charmcraft.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void NoPlatformForTheArchitectureIsRefused()
    {
        var files = CharmcraftProject.Parse(Valid).ArchiveFiles("arm64", out var diagnostics);
        Assert.Empty(files);
        var d = Assert.Single(diagnostics);
        Assert.Equal(CharmcraftCodes.Architecture, d.Code);
        Assert.Contains("builds for arm64", d.Message, StringComparison.Ordinal);
        Assert.Equal(9, d.Line); // at the platforms
    }
}
