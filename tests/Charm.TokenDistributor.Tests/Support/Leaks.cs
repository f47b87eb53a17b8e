using Charm.Testing;

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>Assertions that a secret appears nowhere a person or a log collector could read it.</summary>
internal static class Leaks
{
    /// <summary>
    /// Every log line, status message (unit and application, history and final), the standard error of the dispatch, the
    /// hook's exception text, the stored state and deferred notices: none holds any of <paramref name="secrets"/>.
    /// </summary>
    public static void AssertNowhere(RunResult result, params string[] secrets)
    {
        var texts = new List<(string Where, string Text)>();
        texts.AddRange(result.Logs.Select(l => ("log", l.Message)));
        texts.AddRange(result.UnitStatusHistory.Select(s => ("unit status", s.Message)));
        texts.AddRange(result.AppStatusHistory.Select(s => ("app status", s.Message)));
        texts.Add(("final unit status", result.Output.UnitStatus.Message));
        texts.Add(("standard error", result.StandardError));
        texts.Add(("exception", result.Error?.ToString() ?? ""));
        texts.AddRange(result.BackendCalls.Where(c => c.Tool != "relation-set").Select(c => ("hook tool " + c.Tool, c.Arguments)));
        foreach (var (ns, values) in result.Output.Stored.Stored)
        {
            texts.AddRange(values.Select(v => ("stored " + ns + "/" + v.Key, v.Value.ToString())));
        }

        texts.AddRange(result.Output.Deferred.Select(d => ("deferred", d.ToString())));
        foreach (var secret in secrets.Where(s => s.Length > 0))
        {
            foreach (var (where, text) in texts)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret leaked into the {where}: {text[..Math.Min(text.Length, 300)]}");
            }
        }
    }
}
