namespace Charm.TokenDistributor.Consumer;

/// <summary>A wait inside a hook, on the hook's clock (a <see cref="TimeProvider"/>), never on the system clock directly.</summary>
internal static class HookWait
{
    /// <summary>
    /// Waits until <paramref name="time"/>'s timer for <paramref name="delay"/> fires: on the system clock that is
    /// <paramref name="delay"/> of real time; under the simulator (in process) the timer moves the simulated clock on
    /// and fires at once. A clock whose timers never fire (a test clock nobody moves) is not waited on for longer than
    /// <paramref name="delay"/> of real time, so the wait stays bounded whatever the clock.
    /// </summary>
    public static void Wait(TimeProvider time, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        // A TaskCompletionSource, not an event: a timer that fires after the wait gave up must find nothing disposed.
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), fired, delay, Timeout.InfiniteTimeSpan);
        fired.Task.Wait(delay);
    }
}
