using System.IO;
using System.Text;

namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>
/// The rule pages (<c>docs/rules/&lt;ID&gt;.md</c>): each is compiled into this assembly, becomes its descriptor's
/// description (so an IDE shows the whole rule, offline), and ships in the <c>Charm.TokenDistributor</c> package at the
/// same path.
/// </summary>
internal static class RulePages
{
    /// <summary>
    /// Where the rule pages are, and every descriptor's help link: <c>docs/rules/&lt;ID&gt;.md</c> is the same path in
    /// the repository and inside the <c>Charm.TokenDistributor</c> package (in the NuGet cache,
    /// <c>~/.nuget/packages/charm.tokendistributor/&lt;version&gt;/docs/rules/</c>). The project has no public web site, so
    /// the link is this relative path, not a URL that would not resolve.
    /// </summary>
    public const string Folder = "docs/rules/";

    /// <summary>The logical name prefix of the embedded pages (see the project file).</summary>
    private const string ResourcePrefix = "Charm.TokenDistributor.Generators.Rules.";

    /// <summary>The help link of rule <paramref name="id"/>: its page's path (see <see cref="Folder"/>).</summary>
    public static string HelpLink(string id) => Folder + id + ".md";

    /// <summary>
    /// The page of rule <paramref name="id"/> without its title and its table of facts: the sections "What it reports",
    /// "Why", "How to fix", "Example" and "Configure", as Markdown. Empty when the page is not compiled in (the rule
    /// documentation tests fail on that).
    /// </summary>
    public static string Text(string id)
    {
        using var stream = typeof(RulePages).Assembly.GetManifestResourceStream(ResourcePrefix + id + ".md");
        if (stream is null)
        {
            return string.Empty;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Body(reader.ReadToEnd());
    }

    /// <summary>A page's text after its first heading and the table that follows it, line endings normalised to <c>\n</c>.</summary>
    public static string Body(string page)
    {
        var lines = page.Replace("\r\n", "\n").Split('\n');
        var i = 0;
        while (i < lines.Length && !lines[i].StartsWith("# ", System.StringComparison.Ordinal))
        {
            i++;
        }

        i++;
        while (i < lines.Length && (lines[i].Trim().Length == 0 || lines[i].StartsWith("|", System.StringComparison.Ordinal)))
        {
            i++;
        }

        return i < lines.Length ? string.Join("\n", lines, i, lines.Length - i).Trim() : string.Empty;
    }
}
