using System.Globalization;
using System.Text;

namespace Charm.Simulator.Microcluster;

// The command line: parsing a call, routing it to a command, usage errors and help texts as the real CLI prints them.
public sealed partial class FakeMicrocluster
{
    /// <summary>The token of <c>join</c> is its first word that is not a flag.</summary>
    private static int JoinTokenIndex(IReadOnlyList<string> args)
    {
        for (int i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] Redact(IReadOnlyList<string> args)
    {
        int tokenIndex = args.Count > 0 && args[0] == "join" ? JoinTokenIndex(args) : -1;
        var redacted = new string[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            redacted[i] = i == tokenIndex || JoinTokenCodec.LooksLikeToken(args[i]) ? RedactedToken : args[i];
        }

        return redacted;
    }

    private CliResult Run(string hostName, IReadOnlyList<string> args, DateTimeOffset now)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help")
        {
            return CliResult.Success(RootHelp());
        }

        string command = args[0];
        if (command is not ("bootstrap" or "add" or "join" or "list" or "remove"))
        {
            string cli = Options.CommandName;
            return new CliResult(1, string.Empty, $"Error: unknown command \"{command}\" for \"{cli}\"\nRun '{cli} --help' for usage.\n");
        }

        if (CommandLine.IsHelpRequested(args, 1))
        {
            return CliResult.Success(CommandHelp(command));
        }

        switch (command)
        {
            case "bootstrap":
                return Bootstrap(hostName, [.. args.Skip(1)], now);
            case "join":
                int tokenIndex = JoinTokenIndex(args);
                if (tokenIndex < 0)
                {
                    return UsageError(command, "accepts 1 arg(s), received 0");
                }

                return Join(hostName, args[tokenIndex], [.. args.Skip(1).Where((_, i) => i + 1 != tokenIndex)], now);
        }

        FlagSpec[] flags = command switch
        {
            "list" => ListFlags,
            "remove" => RemoveFlags,
            _ => NoFlags,
        };
        string? error = CommandLine.TryParse(args, 1, flags, out ParsedArguments parsed);
        if (error is not null)
        {
            return UsageError(command, error);
        }

        int expected = command == "list" ? 0 : 1;
        if (parsed.Positionals.Count != expected)
        {
            return UsageError(command, Invariant($"accepts {expected} arg(s), received {parsed.Positionals.Count}"));
        }

        switch (command)
        {
            case "add":
                return IssueToken(hostName, parsed.Positionals[0], now);
            case "remove":
                return Remove(hostName, parsed.Positionals[0]);
            default:
                string format = parsed.Flags.GetValueOrDefault("format", MemberListFormatter.Table);
                return MemberListFormatter.IsSupported(format)
                    ? List(hostName, format)
                    : CliResult.Failure($"Invalid format \"{format}\"");
        }
    }

    private CliResult UsageError(string command, string message) =>
        new(1, string.Empty, "Error: " + message + "\n" + UsageBlock(command));

    private string RootHelp()
    {
        string cli = Options.CommandName;
        return "Manage the cluster\n\nUsage:\n  " + cli + " [command]\n\nAvailable Commands:\n"
            + "  add         Generate a join token for a new cluster member\n"
            + "  bootstrap   Bootstrap a new cluster on this node\n"
            + "  join        Join an existing cluster with a join token\n"
            + "  list        List the cluster members\n"
            + "  remove      Remove a cluster member\n\n"
            + "Use \"" + cli + " [command] --help\" for more information about a command.\n";
    }

    private string CommandHelp(string command)
    {
        string summary = command switch
        {
            "bootstrap" => "Bootstrap a new cluster on this node",
            "add" => "Generate a join token for a new cluster member",
            "join" => "Join an existing cluster with a join token",
            "list" => "List the cluster members",
            _ => "Remove a cluster member",
        };
        return summary + "\n\n" + UsageBlock(command);
    }

    private string UsageBlock(string command)
    {
        (string synopsis, FlagSpec[] flags) = command switch
        {
            "bootstrap" => ("bootstrap [flags]", NoFlags),
            "add" => ("add <name> [flags]", NoFlags),
            "join" => ("join <token> [flags]", NoFlags),
            "list" => ("list [flags]", ListFlags),
            _ => ("remove <name> [flags]", RemoveFlags),
        };
        var text = new StringBuilder("Usage:\n  ").Append(Options.CommandName).Append(' ').Append(synopsis).Append("\n\nFlags:\n");
        foreach (FlagSpec flag in flags)
        {
            string names = flag.Shorthand is { } letter ? "-" + letter + ", --" + flag.Name : "    --" + flag.Name;
            text.Append("  ").Append(names).Append(flag.TakesValue ? " string" : string.Empty).Append("   ").Append(flag.Help).Append('\n');
        }

        return text.Append("  -h, --help   help for ").Append(command).Append('\n').ToString();
    }
}
