using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>
/// How a backend that folds log lines (<see cref="IJujuBackend.FoldsLogLines"/>) sends them: each run of consecutive lines
/// of one level becomes one message, its lines joined by a line feed, so one <c>juju-log</c> call carries the run (juju-log
/// logs its message as one record, whatever it holds).
/// </summary>
public static class LogFolding
{
    /// <summary>The runs of <paramref name="lines"/>, in order: each level with its consecutive lines joined by <c>\n</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public static IEnumerable<KeyValuePair<LogLevel, string>> Runs(IEnumerable<KeyValuePair<LogLevel, string>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Fold(lines);
    }

    private static IEnumerable<KeyValuePair<LogLevel, string>> Fold(IEnumerable<KeyValuePair<LogLevel, string>> lines)
    {
        List<string> run = [];
        var level = LogLevel.Debug;
        foreach (var (lineLevel, message) in lines)
        {
            if (run.Count > 0 && lineLevel != level)
            {
                yield return new(level, string.Join('\n', run));
                run.Clear();
            }

            level = lineLevel;
            run.Add(message);
        }

        if (run.Count > 0)
        {
            yield return new(level, string.Join('\n', run));
        }
    }
}
