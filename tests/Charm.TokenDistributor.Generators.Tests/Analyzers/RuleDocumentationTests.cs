using System.Reflection;
using System.Text.RegularExpressions;
using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

/// <summary>
/// Every rule has its ID constant, its page under docs/rules (which is its descriptor's description, so an IDE shows it
/// offline, and its help link), its release-tracking entry and its README row.
/// </summary>
public sealed class RuleDocumentationTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_its_page(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var page = Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no documentation page: create docs/rules/{id}.md.");

        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| Default severity | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it reports", "## Why", "## How to fix", "## Example" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Equal(RulePages.Folder + id + ".md", descriptor.HelpLinkUri);
        Assert.Equal("docs/rules/" + id + ".md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rules_description_is_its_page(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var page = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", id + ".md"));
        var description = descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(RulePages.Body(page), description);
        Assert.StartsWith("## What it reports", description, StringComparison.Ordinal);
        Assert.Contains("## How to fix", description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_tracked_as_a_release_and_in_the_readme(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "Charm.TokenDistributor.Generators", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(RepositoryRoot, "src", "Charm.TokenDistributor.Generators", "AnalyzerReleases.Shipped.md"));
        Assert.Matches(new Regex($@"^{id} \| {descriptor.Category} \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), releases);

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## Analyzer rules and severity", StringComparison.Ordinal)..];
        Assert.Matches(new Regex($@"^\| \[{id}\]\(docs/rules/{id}\.md\) \| .+ \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), section);
    }

    [Fact]
    public void Every_identifier_is_reported_by_exactly_one_descriptor_and_every_page_has_a_rule()
    {
        var identifiers = typeof(RuleIdentifiers)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var reported = AllDescriptors().Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(identifiers, reported);
        Assert.All(identifiers, id => Assert.Matches(@"^CTD[1-5]\d{3}$", id));

        var pages = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs", "rules"), "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(identifiers, pages);
    }

    [Fact]
    public void Categories_follow_the_numbering()
    {
        var expected = new Dictionary<char, string> { ['1'] = "Databag", ['2'] = "Mirror", ['3'] = "Hooks", ['4'] = "Attributes", ['5'] = "Metadata" };
        Assert.All(AllDescriptors(), d => Assert.Equal(expected[d.Id[3]], d.Category));
    }

    [Fact]
    public void A_rule_both_the_generator_and_an_analyzer_report_is_one_descriptor()
    {
        var reported = ReportedDescriptors().GroupBy(d => d.Id).ToArray();
        Assert.All(reported, group => Assert.Single(group.Distinct(ReferenceEqualityComparer.Instance)));
        Assert.Contains(reported, group => group.Key == RuleIdentifiers.CharmClassMustBePartial && group.Count() == 2);
    }

    /// <summary>The descriptors of every analyzer in the generator assembly and of the generator, each rule once.</summary>
    private static DiagnosticDescriptor[] AllDescriptors()
        => ReportedDescriptors().DistinctBy(d => d.Id).ToArray();

    private static IEnumerable<DiagnosticDescriptor> ReportedDescriptors()
        => typeof(DatabagAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Concat(GeneratorDiagnostics.Descriptors)
            .Where(d => d.Id.StartsWith("CTD", StringComparison.Ordinal));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.EnumerateFiles("*.sln").Any())
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No .sln above " + AppContext.BaseDirectory + ": the tests run from inside the repository.");
    }
}
