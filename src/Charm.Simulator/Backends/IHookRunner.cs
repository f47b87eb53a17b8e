namespace Charm.Simulator.Backends;

/// <summary>Runs one hook of a unit's charm against a <see cref="HookContext"/>.</summary>
internal interface IHookRunner
{
    /// <summary>Runs the hook with Juju's <paramref name="environment"/>; never throws for a charm failure.</summary>
    HookRunOutcome Run(HookContext context, IReadOnlyDictionary<string, string> environment, TimeSpan timeout);
}
