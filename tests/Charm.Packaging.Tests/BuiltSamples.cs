namespace Charm.Packaging.Tests;

/// <summary>
/// Runs samples/build-charms.sh once for the test class: packs the toolkit into the local feed, then restores and
/// publishes the sample charms (Native AOT) into an EMPTY NuGet cache, so nothing but the local feed and the registry
/// can satisfy the Charm.* references.
/// </summary>
public sealed class BuiltSamples : IDisposable
{
    public BuiltSamples()
    {
        Scratch = Directory.CreateTempSubdirectory("charm-packaging-").FullName;
        NuGetCache = Path.Combine(Scratch, "nuget-cache");
        CharmsDirectory = Path.Combine(Scratch, "charms");
        Directory.CreateDirectory(NuGetCache);
        Result = Shell.Run("bash", [Path.Combine(RepositoryRoot.Path, "samples", "build-charms.sh")], RepositoryRoot.Path, Environment);
    }

    public string Scratch { get; }

    public string NuGetCache { get; }

    public string CharmsDirectory { get; }

    public ShellResult Result { get; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = NuGetCache,
        ["CHARM_OUTPUT_DIR"] = CharmsDirectory,
        ["PACK_BUILD_DIR"] = Path.Combine(Scratch, "pack-build"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    public string PackagesDirectory => Path.Combine(RepositoryRoot.Path, "artifacts", "packages");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // Scratch space in the temp directory; leaving it is harmless.
        }
    }
}
