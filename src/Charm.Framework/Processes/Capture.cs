using System.Text;

namespace Charm.Framework.Processes;

/// <summary>
/// One output stream of a process as it is read: the first <c>limit</c> characters are kept, the rest is counted and
/// dropped, so memory stays bounded however much the process writes. Appends and snapshots may come from different threads.
/// </summary>
internal sealed class Capture(int limit)
{
    private readonly StringBuilder _text = new();

    /// <summary>Whether characters were dropped.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Keeps what still fits of <paramref name="count"/> characters of <paramref name="buffer"/>.</summary>
    public void Append(char[] buffer, int count)
    {
        lock (_text)
        {
            var room = limit - _text.Length;
            if (count > room)
            {
                Truncated = true;
                count = room;
            }

            if (count > 0)
            {
                _ = _text.Append(buffer, 0, count);
            }
        }
    }

    /// <summary>What was kept so far.</summary>
    public string Snapshot()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
