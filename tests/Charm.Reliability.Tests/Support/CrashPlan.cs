using System.Globalization;

namespace Charm.Reliability.Tests.Support;

/// <summary>Where in a hook a test charm may be told to crash.</summary>
internal enum CrashPoint
{
    /// <summary>In the charm's constructor, before the library has done anything.</summary>
    HookStart,

    /// <summary>Just before the leader runs <c>bootstrap</c> (the library's pre-bootstrap event).</summary>
    BeforeBootstrap,

    /// <summary>Right after <c>bootstrap</c> succeeded, before anything is committed (the bootstrapped event).</summary>
    AfterBootstrap,

    /// <summary>Just before <c>join</c> (the pre-join event).</summary>
    BeforeJoin,

    /// <summary>Right after <c>join</c> succeeded, before anything is committed (the joined event).</summary>
    AfterJoin,

    /// <summary>Right after <c>add</c> printed a token and it was put in the (uncommitted) databag.</summary>
    AfterTokenGenerated,

    /// <summary>After every handler of the hook's own event ran, before the commit.</summary>
    HookEnd,
}

/// <summary>The exception a test charm throws where a crash was injected; nothing else may fail a hook.</summary>
internal sealed class InjectedCrashException(string unit, CrashPoint point)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"injected crash on {unit} at {point}"))
{
    public string Unit { get; } = unit;

    public CrashPoint Point { get; } = point;
}

/// <summary>
/// The crashes armed for one simulated world (never shared between worlds): each fires once, at the next time its
/// unit reaches its point. Test charms call <see cref="Hit"/> at each point.
/// </summary>
internal sealed class CrashPlan
{
    private readonly Lock _gate = new();
    private readonly List<(string Unit, CrashPoint Point)> _armed = [];

    /// <summary>How many armed crashes fired.</summary>
    public int Fired { get; private set; }

    /// <summary>Whether some crash is armed and has not fired yet.</summary>
    public bool IsArmed
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count > 0;
            }
        }
    }

    /// <summary>Arms one crash of <paramref name="unit"/> at <paramref name="point"/>.</summary>
    public void Arm(string unit, CrashPoint point)
    {
        lock (_gate)
        {
            _armed.Add((unit, point));
        }
    }

    /// <summary>Disarms every crash that has not fired.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _armed.Clear();
        }
    }

    /// <summary>Throws <see cref="InjectedCrashException"/> if a crash is armed for this unit and point (and disarms it).</summary>
    public void Hit(string unit, CrashPoint point)
    {
        lock (_gate)
        {
            var index = _armed.IndexOf((unit, point));
            if (index < 0)
            {
                return;
            }

            _armed.RemoveAt(index);
            Fired++;
        }

        throw new InjectedCrashException(unit, point);
    }
}
