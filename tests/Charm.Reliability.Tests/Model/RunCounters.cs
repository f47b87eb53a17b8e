using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Charm.Reliability.Tests.Model;

/// <summary>Thread-safe tallies of what a batch of schedules did (schedules, hooks, faults by kind), for the report.</summary>
internal sealed class RunCounters
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string what, long amount = 1) => _counts.AddOrUpdate(what, amount, (_, old) => old + amount);

    public long this[string what] => _counts.GetValueOrDefault(what);

    public string Report()
    {
        var text = new StringBuilder();
        foreach (var (what, count) in _counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{what,-40} {count,12:N0}").Append('\n');
        }

        return text.ToString();
    }
}
