namespace Charm.TokenDistributor.Consumer;

/// <summary>What a consumer step says about the rest of the hook.</summary>
internal enum Progress
{
    /// <summary>The hook goes on to the next step (whether or not this step acted).</summary>
    Continue,

    /// <summary>The step failed and deferred the event: the hook skips the remaining steps (it still publishes membership).</summary>
    Halt,
}
