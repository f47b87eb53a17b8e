using System.Xml.Linq;

namespace Charm.Packaging.Tests;

/// <summary>
/// Projects of a charm author's own, written to an empty temporary folder and built with the real SDK against the
/// packages <see cref="BuiltSamples"/> packed: a nuget.config restores Charm.* from artifacts/packages and everything
/// else from the registry, into the fixture's own NuGet cache; a home of their own keeps installed templates out of the
/// machine's.
/// </summary>
internal sealed class ScratchProjects : IDisposable
{
    private readonly BuiltSamples _built;

    public ScratchProjects(BuiltSamples built, string name)
    {
        _built = built;
        Root = Directory.CreateTempSubdirectory("charm-" + name + "-").FullName;
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Home);
    }

    /// <summary>The folder the projects are written to.</summary>
    public string Root { get; }

    /// <summary>The folder of the packed Charm.* packages (artifacts/packages).</summary>
    public string Feed => _built.PackagesDirectory;

    /// <summary>The <c>DOTNET_CLI_HOME</c> of the commands run here (templates install under it).</summary>
    public string Home { get; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = _built.NuGetCache,
        ["DOTNET_CLI_HOME"] = Home,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// <summary>Writes <paramref name="files"/> (relative path → text) under <c>Root/<paramref name="folder"/></c>, with a nuget.config for the local feed.</summary>
    public string Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        var directory = Path.Combine(Root, folder);
        foreach (var (path, text) in files)
        {
            var file = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        WriteNuGetConfig(directory);
        return directory;
    }

    /// <summary>A nuget.config in <paramref name="directory"/>: Charm.* from the packed feed, the rest from nuget.org.</summary>
    public void WriteNuGetConfig(string directory)
    {
        var config = new XDocument(new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "nuget.org"), new XAttribute("value", "https://api.nuget.org/v3/index.json")),
                new XElement("add", new XAttribute("key", "local"), new XAttribute("value", _built.PackagesDirectory))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "nuget.org"), new XElement("package", new XAttribute("pattern", "*"))),
                new XElement("packageSource", new XAttribute("key", "local"), new XElement("package", new XAttribute("pattern", "Charm.*"))))));
        Directory.CreateDirectory(directory);
        config.Save(Path.Combine(directory, "nuget.config"));
    }

    /// <summary>Runs <c>dotnet</c> in <paramref name="directory"/>.</summary>
    public ShellResult Dotnet(string directory, params string[] arguments)
        => Shell.Run("dotnet", arguments, directory, Environment, TimeSpan.FromMinutes(15));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Scratch space in the temp directory; leaving it is harmless.
        }
    }
}
