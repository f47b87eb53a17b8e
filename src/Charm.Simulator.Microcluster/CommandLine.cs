namespace Charm.Simulator.Microcluster;

/// <summary>
/// Splits a subcommand's words the way pflag does (<c>--name=value</c>, <c>--name value</c>, <c>-n value</c>,
/// <c>-nvalue</c>, <c>--</c> ends flags) and words errors the way cobra does.
/// </summary>
internal static class CommandLine
{
    public static bool IsHelpRequested(IReadOnlyList<string> words, int start)
    {
        for (int i = start; i < words.Count; i++)
        {
            if (words[i] == "--")
            {
                return false;
            }

            if (words[i] is "-h" or "--help")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses <paramref name="words"/> from <paramref name="start"/>; returns an error message, or null.</summary>
    public static string? TryParse(IReadOnlyList<string> words, int start, IReadOnlyList<FlagSpec> flags, out ParsedArguments parsed)
    {
        parsed = new ParsedArguments();
        for (int i = start; i < words.Count; i++)
        {
            string word = words[i];
            if (word == "--")
            {
                for (i++; i < words.Count; i++)
                {
                    parsed.Positionals.Add(words[i]);
                }

                break;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                int equals = word.IndexOf('=', StringComparison.Ordinal);
                string name = equals < 0 ? word[2..] : word[2..equals];
                FlagSpec? spec = Find(flags, f => f.Name == name);
                if (spec is null)
                {
                    return "unknown flag: --" + name;
                }

                if (equals >= 0)
                {
                    parsed.Flags[spec.Name] = word[(equals + 1)..];
                }
                else if (!spec.TakesValue)
                {
                    parsed.Flags[spec.Name] = "true";
                }
                else if (i + 1 < words.Count)
                {
                    parsed.Flags[spec.Name] = words[++i];
                }
                else
                {
                    return "flag needs an argument: --" + name;
                }
            }
            else if (word.Length > 1 && word[0] == '-')
            {
                char letter = word[1];
                FlagSpec? spec = Find(flags, f => f.Shorthand == letter);
                if (spec is null)
                {
                    return "unknown shorthand flag: '" + letter + "' in " + word;
                }

                string rest = word[2..];
                if (!spec.TakesValue)
                {
                    if (rest.Length > 0)
                    {
                        return "unknown shorthand flag: '" + rest[0] + "' in " + word;
                    }

                    parsed.Flags[spec.Name] = "true";
                }
                else if (rest.Length > 0)
                {
                    parsed.Flags[spec.Name] = rest[0] == '=' ? rest[1..] : rest;
                }
                else if (i + 1 < words.Count)
                {
                    parsed.Flags[spec.Name] = words[++i];
                }
                else
                {
                    return "flag needs an argument: '" + letter + "' in " + word;
                }
            }
            else
            {
                parsed.Positionals.Add(word);
            }
        }

        return null;
    }

    private static FlagSpec? Find(IReadOnlyList<FlagSpec> flags, Func<FlagSpec, bool> predicate)
    {
        foreach (FlagSpec flag in flags)
        {
            if (predicate(flag))
            {
                return flag;
            }
        }

        return null;
    }
}
