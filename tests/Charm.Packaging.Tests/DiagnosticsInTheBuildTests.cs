using System.Text.RegularExpressions;

namespace Charm.Packaging.Tests;

/// <summary>
/// A charm author's common mistakes, built for real (<c>dotnet build</c> against the packed Charm.TokenDistributor):
/// the toolkit's diagnostic names each cause and its fix, as the first error of its file, also where the compiler stops
/// with declaration errors before it runs any analyzer (a charm the generator skips leaves its partial members without
/// declarations: CS0751, CS0759, CS9248). The fact pinned: csc reports a source generator's diagnostics (before its own)
/// even when declaration errors keep it from running analyzers, and applies <c>#pragma warning</c> to them.
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed partial class DiagnosticsInTheBuildTests
{
    private const string Usings = """
        using Charm.Framework;
        using Charm.Framework.Dispatch;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;
        using Charm.TokenDistributor.Events;

        namespace Mistakes;

        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Charm.TokenDistributor" Version="0.1.0" />
            <AdditionalFiles Include="charmcraft.yaml" />
          </ItemGroup>
        </Project>
        """;

    private const string Metadata = """
        name: mistakes
        requires:
          cluster:
            interface: worker-cluster
          legacy:
            interface: microcluster
        peers:
          peers:
            interface: mistakes-peers
        """;

    private readonly BuiltSamples _built;

    public DiagnosticsInTheBuildTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Fact]
    public void Where_declaration_errors_stop_the_analyzers_the_generators_diagnostics_come_first_and_name_the_fix()
    {
        using var scratch = new ScratchProjects(_built, "mistakes");
        var directory = scratch.Write("Mistakes", new Dictionary<string, string>
        {
            ["Mistakes.csproj"] = Project,
            ["charmcraft.yaml"] = Metadata,
            // Every real charm implements hooks: without partial, each is a CS0751/CS0759 and no analyzer runs.
            ["NotPartial.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed class NotPartialCharm : CharmBase
                {
                    partial void OnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");

                    [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }
                }
                """,
            // The relation renamed in the attribute only.
            ["Renamed.cs"] = Usings + """
                [TokenDistributorConsumer("clusters", "microctl")]
                public sealed partial class RenamedCharm : CharmBase
                {
                    partial void OnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");
                }
                """,
            ["Typo.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed partial class TypoCharm : CharmBase
                {
                    partial void OnClusterJoind(ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");
                }
                """,
            ["Handlers.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed partial class HandlerCharm : CharmBase
                {
                    [On(JujuEventKind.RelationChanged, "peer")]
                    private void OnPeers(RelationChangedEvent e) => Log.Info("peers changed");
                }
                """,
            ["Interface.cs"] = Usings + """
                [TokenDistributorConsumer("legacy", "microctl")]
                public sealed partial class LegacyCharm : CharmBase
                {
                }
                """,
            ["Quiet.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed partial class QuietCharm : CharmBase
                {
                #pragma warning disable CTD4014
                    partial void OnClusterJoinedd(ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");
                #pragma warning restore CTD4014
                }
                """,
        });

        var build = scratch.Dotnet(directory, "build", "-nologo", "-tl:off");

        Assert.NotEqual(0, build.ExitCode);
        var errors = Errors(build.Output);
        AssertFirstError(errors, "NotPartial.cs", "CTD4001", "'NotPartialCharm' must be partial", "dotnet format analyzers --diagnostics CTD4001");
        Assert.Contains(errors, e => e.File == "NotPartial.cs" && e.Id is "CS0759" or "CS0751");
        AssertFirstError(errors, "Renamed.cs", "CTD5001", "The relation 'clusters' is not declared in charmcraft.yaml", "add it under 'requires'");
        Assert.Contains(errors, e => e.File == "Renamed.cs" && e.Id == "CTD4014" && e.Message.Contains("did you mean 'OnClustersJoined'?", StringComparison.Ordinal));
        AssertFirstError(errors, "Typo.cs", "CTD4014", "'OnClusterJoind' implements no generated hook; did you mean 'OnClusterJoined'?");
        AssertFirstError(errors, "Handlers.cs", "CTD5004", "observes the endpoint 'peer'", "did you mean 'peers'?");
        AssertFirstError(errors, "Interface.cs", "CTD5005", "has the interface 'microcluster'", "set 'interface: worker-cluster'");

        // #pragma reaches the generator's diagnostic (it is located in the author's tree): only the compiler's is left.
        Assert.DoesNotContain(errors, e => e.File == "Quiet.cs" && e.Id == "CTD4014");
        Assert.Contains(errors, e => e.File == "Quiet.cs" && e.Id == "CS0759");
    }

    [Fact]
    public void Without_declaration_errors_the_analyzers_run_too_and_dotnet_format_fixes_every_fixable_one()
    {
        using var scratch = new ScratchProjects(_built, "fixable");
        var directory = scratch.Write("Fixable", new Dictionary<string, string>
        {
            ["Fixable.csproj"] = Project,
            ["charmcraft.yaml"] = Metadata,
            ["Plain.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed class PlainCharm : CharmBase
                {
                    public PlainCharm(CharmContext context) : base(context) => InitializeTokenDistributor();
                }
                """,
            ["Mirror.cs"] = Usings + """
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed partial class MirrorCharm : CharmBase
                {
                    [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

                    [On(JujuEventKind.UpdateStatus)]
                    private void Publish()
                    {
                        Model.GetRelation("cluster")!.LocalUnitData["mirror-ca-cert"] = "PEM";
                        Log.Info("length " + (Model.GetRelation("cluster")!.RemoteUnitData("distributor/0")["mirror-ca-cert"]?.Length ?? 0));
                    }

                    [On(JujuEventKind.ConfigChanged, "peers")]
                    private void Configure() => Log.Info("configured");
                }
                """,
        });

        var before = Errors(scratch.Dotnet(directory, "build", "-nologo", "-tl:off").Output);

        // The generator's CTD4001 and the analyzer's are one diagnostic: the compiler reports it once.
        Assert.Single(before, e => e.Id == "CTD4001");
        Assert.Contains(before, e => e.Id == "CTD2001" && e.File == "Mirror.cs");
        Assert.Contains(before, e => e.Id == "CTD2004" && e.File == "Mirror.cs" && e.Message.Contains("it reads the databag", StringComparison.Ordinal));
        Assert.Contains(before, e => e.Id == "CTD3003" && e.Message.Contains("remove \"peers\"", StringComparison.Ordinal));

        var format = scratch.Dotnet(directory, "format", "analyzers", "--diagnostics", "CTD4001", "CTD2001", "--severity", "warn", "-v", "normal");

        Assert.DoesNotContain("Fix All", format.Output, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class PlainCharm", File.ReadAllText(Path.Combine(directory, "Plain.cs")), StringComparison.Ordinal);
        Assert.Contains("CaCert = \"PEM\";", File.ReadAllText(Path.Combine(directory, "Mirror.cs")), StringComparison.Ordinal);

        var after = Errors(scratch.Dotnet(directory, "build", "-nologo", "-tl:off").Output);
        Assert.DoesNotContain(after, e => e.Id is "CTD4001" or "CTD2001" or "CS0103");
        Assert.Contains(after, e => e.Id == "CTD2004");
    }

    private static void AssertFirstError(IReadOnlyList<BuildError> errors, string file, string id, params string[] texts)
    {
        var first = errors.FirstOrDefault(e => e.File == file);
        Assert.True(first is not null, $"No error in {file}:\n{string.Join("\n", errors)}");
        Assert.True(first.Id == id, $"The first error of {file} is {first.Id}, not {id}:\n{string.Join("\n", errors.Where(e => e.File == file))}");
        foreach (var text in texts)
        {
            Assert.Contains(text, first.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The build's error lines (warnings are errors here), in the order the compiler printed them: those before MSBuild's
    /// closing summary, which lists every one again.
    /// </summary>
    private static List<BuildError> Errors(string output)
        => ErrorLine().Matches(output[..(output.IndexOf("Build FAILED.", StringComparison.Ordinal) is >= 0 and var end ? end : output.Length)])
            .Select(m => new BuildError(Path.GetFileName(m.Groups["file"].Value), m.Groups["id"].Value, m.Groups["message"].Value))
            .ToList();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\(\d+,\d+\): error (?<id>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]*\])?$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    private sealed record BuildError(string File, string Id, string Message);
}
