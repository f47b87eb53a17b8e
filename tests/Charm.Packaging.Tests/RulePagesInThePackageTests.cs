using System.IO.Compression;

namespace Charm.Packaging.Tests;

/// <summary>
/// The analyzer rules' pages ship in the Charm.TokenDistributor package, at the path each rule's help link names
/// (<c>docs/rules/&lt;ID&gt;.md</c>), byte for byte the repository's.
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed class RulePagesInThePackageTests
{
    private readonly BuiltSamples _built;

    public RulePagesInThePackageTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Fact]
    public void Every_rule_page_is_in_the_package_at_its_help_link()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs", "rules"), "CTD*.md").Order(StringComparer.Ordinal).ToArray();
        using var package = ZipFile.OpenRead(Path.Combine(_built.PackagesDirectory, "Charm.TokenDistributor.0.1.0.nupkg"));

        Assert.True(pages.Length >= 30, $"only {pages.Length} rule pages found");
        Assert.Equal(
            pages.Select(p => "docs/rules/" + Path.GetFileName(p)),
            package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("docs/rules/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var page in pages)
        {
            using var reader = new StreamReader(package.GetEntry("docs/rules/" + Path.GetFileName(page))!.Open());
            Assert.Equal(File.ReadAllText(page), reader.ReadToEnd());
        }
    }
}
