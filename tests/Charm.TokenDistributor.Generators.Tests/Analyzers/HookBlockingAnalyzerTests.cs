using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Verify = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<Charm.TokenDistributor.Generators.Analyzers.HookBlockingAnalyzer>;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

public sealed class HookBlockingAnalyzerTests
{
    private const string ThreadingUsings = """
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Sleeping = "by sleeping";
    private const string Waiting = "by waiting without a timeout";

    [Fact]
    public Task Sleeping_and_unbounded_waits_in_a_charm_warn()
    {
        var source = ThreadingUsings + Sources.Charm("""
                void OnInstall(InstallEvent e, Task task, Task<int> result, WaitHandle handle, object gate, Process process, SemaphoreSlim semaphore)
                {
                    {|#0:Thread.Sleep(1000)|};
                    {|#1:task.Wait()|};
                    var value = {|#2:result.Result|};
                    {|#3:task.GetAwaiter().GetResult()|};
                    {|#4:handle.WaitOne()|};
                    {|#5:Monitor.Wait(gate)|};
                    {|#6:process.WaitForExit()|};
                    {|#7:semaphore.Wait(Timeout.Infinite)|};
                    {|#8:task.Wait(Timeout.InfiniteTimeSpan)|};
                    Framework.Observe<StartEvent>(EventKey.Start, "start", _ => {|#9:Task.Delay(10).Wait()|});
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(0).WithArguments("Thread.Sleep", Sleeping),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(1).WithArguments("Task.Wait", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(2).WithArguments("Task.Result", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(3).WithArguments("TaskAwaiter.GetResult", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(4).WithArguments("WaitHandle.WaitOne", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(5).WithArguments("Monitor.Wait", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(6).WithArguments("Process.WaitForExit", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(7).WithArguments("SemaphoreSlim.Wait", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(8).WithArguments("Task.Wait", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(9).WithArguments("Task.Wait", Waiting));
    }

    [Fact]
    public Task The_other_documented_unbounded_waits_warn()
    {
        var source = ThreadingUsings + Sources.Charm("""
                void OnStart(StartEvent e, Task[] tasks, ManualResetEventSlim ready, Thread worker, ValueTask<int> pending)
                {
                    {|#0:Task.WaitAll(tasks)|};
                    var first = {|#1:Task.WaitAny(tasks)|};
                    {|#2:ready.Wait()|};
                    {|#3:worker.Join()|};
                    var value = {|#4:pending.Result|};
                    {|#5:Task.WaitAll(tasks, -1)|};
                    {|#6:worker.Join(Timeout.Infinite)|};
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(0).WithArguments("Task.WaitAll", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(1).WithArguments("Task.WaitAny", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(2).WithArguments("ManualResetEventSlim.Wait", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(3).WithArguments("Thread.Join", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(4).WithArguments("ValueTask.Result", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(5).WithArguments("Task.WaitAll", Waiting),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(6).WithArguments("Thread.Join", Waiting));
    }

    [Fact]
    public Task Bounded_waits_are_fine()
    {
        var source = ThreadingUsings + Sources.Charm("""
                void OnInstall(InstallEvent e, Task task, WaitHandle handle, object gate, Process process, Thread worker)
                {
                    task.Wait(TimeSpan.FromSeconds(5));
                    task.Wait(5000);
                    handle.WaitOne(1000);
                    Monitor.Wait(gate, TimeSpan.FromSeconds(1));
                    process.WaitForExit(30_000);
                    worker.Join(TimeSpan.FromSeconds(2));
                    Task.WaitAll(new[] { task }, 100);
                    Task.WaitAny(new[] { task }, TimeSpan.FromSeconds(1));
                    new ManualResetEventSlim().Wait(250);
                    e.Defer();
                }
            """);
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task Handlers_outside_a_charm_class_are_checked_too()
    {
        var source = ThreadingUsings + Sources.Usings + """
            public sealed class Helper
            {
                public Helper(CharmFramework framework)
                {
                    framework.Observe<InstallEvent>(EventKey.Install, "helper/install", OnInstall);
                    framework.Observe<StartEvent>(EventKey.Start, "helper/start", e => {|#0:Thread.Sleep(10)|});
                }

                private void OnInstall(InstallEvent e) => {|#1:Thread.Sleep(10)|};

                [On(JujuEventKind.ConfigChanged)]
                private void OnConfig(ConfigChangedEvent e) => {|#2:Thread.Sleep(10)|};

                // Not a handler: a helper run outside hooks may block.
                public static void Retry() => Thread.Sleep(10);
            }
            """;
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(0).WithArguments("Thread.Sleep", Sleeping),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(1).WithArguments("Thread.Sleep", Sleeping),
            Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInHook).WithLocation(2).WithArguments("Thread.Sleep", Sleeping));
    }

    [Fact]
    public Task Loops_without_a_way_out_warn()
    {
        var source = Sources.Charm("""
                void Spin(Func<bool> ready)
                {
                    {|#0:while|} (true)
                    {
                        if (ready()) Log.Info("ready");
                    }
                }

                void Forever()
                {
                    {|#1:for|} (;;)
                    {
                        var nested = () => { return; };
                        foreach (var i in new[] { 1 }) { break; }
                    }
                }

                void DoForever() { {|#2:do|} { Log.Debug("tick"); } while (true); }

                void GotoInside(Func<bool> ready)
                {
                    {|#3:while|} (true)
                    {
                    again:
                        if (ready()) goto again;
                        switch (ready())
                        {
                            case true: goto default;
                            default: break;
                        }
                    }
                }
            """);
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedLoopInHook).WithLocation(0),
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedLoopInHook).WithLocation(1),
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedLoopInHook).WithLocation(2),
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedLoopInHook).WithLocation(3));
    }

    [Fact]
    public Task Loops_with_a_way_out_are_fine()
    {
        var source = Sources.Charm("""
                int Poll(Func<bool> ready, Func<int> read)
                {
                    while (true) { if (ready()) break; }
                    for (;;) { if (ready()) return read(); }
                }

                void Fail(Func<bool> ready)
                {
                    var attempts = 0;
                    while (true)
                    {
                        if (++attempts > 3) throw new InvalidOperationException("gave up");
                        if (ready()) { goto done; }
                    }

                done:
                    Log.Info("done");
                }

                IEnumerable<int> Numbers() { var i = 0; while (true) yield return i++; }

                void GotoCaseOut(int state, Func<bool> ready)
                {
                    switch (state)
                    {
                        case 0:
                            while (true) { if (ready()) goto case 1; }
                        case 1:
                            Log.Info("one");
                            break;
                    }
                }

                void Bounded(Func<bool> ready) { for (var i = 0; i < 3 && !ready(); i++) { } }
            """);
        return Verify.VerifyAsync(source);
    }
}
