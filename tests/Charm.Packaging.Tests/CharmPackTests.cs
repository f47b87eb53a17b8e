using System.IO.Compression;
using System.Text.RegularExpressions;
using Charm.Packaging.Tests.Charmcraft;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests;

/// <summary>
/// The Charm.Framework package's CharmPack target, as a charm author uses it: a charm project of its own (options and
/// actions in its charmcraft.yaml) restores the toolkit from the local feed and publishes; a charmcraft.yaml with errors
/// fails the build, before anything is compiled, with MSBuild errors naming the code, file, line and key.
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed partial class CharmPackTests
{
    private readonly BuiltSamples _built;

    public CharmPackTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    /// <summary>An MSBuild error in canonical form, one line: file(line,col): error CODE: message [project].</summary>
    [GeneratedRegex(@"^[ \t]*(?<file>[^\s(][^(\n]*)\((?<line>\d+),(?<column>\d+)\): error (?<code>CHARM\d+): (?<message>[^\n]*?)(?: \[[^\]\n]*\])?$", RegexOptions.Multiline)]
    private static partial Regex MsBuildError();

    private string WriteCharmProject(string name, string charmcraftYaml)
    {
        var directory = Path.Combine(_built.Scratch, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Configured.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
                <CharmPackOnPublish>true</CharmPackOnPublish>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Charm.Framework" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "return 0;\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="local" value="{_built.PackagesDirectory}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                <packageSource key="local"><package pattern="Charm.*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "charmcraft.yaml"), charmcraftYaml);
        return directory;
    }

    private ShellResult Dotnet(string directory, params string[] arguments)
        => Shell.Run("dotnet", [.. arguments, "-c", "Release", "-nologo"], directory, _built.Environment);

    [Fact]
    public void ACharmWithOptionsAndActionsIsPackedWithConfigAndActionsYaml()
    {
        var directory = WriteCharmProject("configured", CharmcraftValidationTests.Valid);
        var result = Dotnet(directory, "publish");
        Assert.True(result.ExitCode == 0, result.Output);

        // The archive is named after charmcraft.yaml's name and holds what Juju reads (charmcraft's layout).
        using var archive = ZipFile.OpenRead(Path.Combine(directory, "configured.charm"));
        var entries = archive.Entries.ToDictionary(e => e.FullName);
        foreach (var name in new[] { "dispatch", "bin/Configured", "charmcraft.yaml", "metadata.yaml", "manifest.yaml", "config.yaml", "actions.yaml" })
        {
            Assert.True(entries.ContainsKey(name), $"configured.charm lacks {name}; it has {string.Join(", ", entries.Keys)}");
        }

        string Read(string name)
        {
            using var reader = new StreamReader(entries[name].Open());
            return reader.ReadToEnd();
        }

        // config.go / actions.go: the options with typed defaults, the actions with their params' schemas.
        var options = JujuYaml.Map(JujuYaml.Parse(Read("config.yaml")), "options");
        Assert.Equal("8080", JujuYaml.Plain(JujuYaml.Map(options, "port"), "default"));
        Assert.Equal("float", JujuYaml.String(JujuYaml.Map(options, "ratio"), "type"));
        var snapshot = JujuYaml.Map(JujuYaml.Parse(Read("actions.yaml")), "snapshot");
        Assert.Equal("string", JujuYaml.String(JujuYaml.Map(JujuYaml.Map(snapshot, "params"), "filename"), "type"));
        Assert.Equal("configured", JujuYaml.String(JujuYaml.Parse(Read("metadata.yaml")), "name"));
        var only = Assert.IsType<YamlMappingNode>(Assert.Single(JujuYaml.List(JujuYaml.Parse(Read("manifest.yaml")), "bases")));
        Assert.Equal("24.04", JujuYaml.String(only, "channel"));
    }

    [Fact]
    public void ABrokenCharmcraftYamlFailsTheBuildBeforeCompilingWithEveryErrorAndItsLine()
    {
        var broken = CharmcraftValidationTests.Valid
            .Replace("name: configured", "name: Configured", StringComparison.Ordinal)
            .Replace("      default: 0.5", "      default: 1", StringComparison.Ordinal)
            .Replace("  snapshot:", "  Snapshot:", StringComparison.Ordinal)
            .Replace("    interface: worker-cluster", "    optional: true", StringComparison.Ordinal);
        var directory = WriteCharmProject("broken", broken);
        var result = Dotnet(directory, "build");

        Assert.NotEqual(0, result.ExitCode);
        var errors = MsBuildError().Matches(result.Output)
            .Select(m => (File: m.Groups["file"].Value.Trim(), Line: int.Parse(m.Groups["line"].Value), Code: m.Groups["code"].Value, Message: m.Groups["message"].Value))
            .Distinct()
            .OrderBy(e => e.Line)
            .ToArray();
        Assert.True(errors.Length == 4, result.Output);
        Assert.All(errors, e => Assert.Equal(Path.Combine(directory, "charmcraft.yaml"), e.File));
        Assert.Equal([(1, "CHARM011"), (12, "CHARM013"), (27, "CHARM014"), (37, "CHARM015")], errors.Select(e => (e.Line, e.Code)));
        Assert.StartsWith("'name' is 'Configured'", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("'requires.cluster' has no 'interface'", errors[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("'config.options.ratio.default' is 1 (an integer), but the option's type is float", errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("'Snapshot' is not a valid action name", errors[3].Message, StringComparison.Ordinal);

        // Nothing was compiled: the check runs before CoreCompile (and so before any Native AOT compile).
        Assert.Empty(Directory.GetFiles(directory, "Configured.dll", SearchOption.AllDirectories));
    }
}
