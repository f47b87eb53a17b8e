using Charm.Framework;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>Every hook tool answering anything (output, exit code, timeout, not startable): only <see cref="HookToolException"/> and its subclasses come out.</summary>
public sealed class HookToolAnswerFuzzTests
{
    private static readonly string[] JsonAnswers =
    [
        "", " ", "null", "true", "false", "1", "1e400", "\"\"", "\"x\"", "\"\\ud800\"", "[]", "[\"cluster:1\"]", "[\"x\"]", "[\"a:b:c\"]",
        "[\"cluster:99999999999\"]", "[1]", "[null]", "{}", "{\"k\":\"v\"}", "{\"k\":null}", "{\"k\":1}", "{\"k\":\"\\udc00\"}",
        "{\"\\ud800\":\"v\"}", "{\"status\":\"active\",\"message\":\"m\"}", "{\"status\":1}", "{\"status\":\"x\",\"message\":[]}",
        "{\"application-status\":{\"status\":\"blocked\",\"message\":null}}", "{\"application-status\":[]}", "{\"k\":1.5,\"b\":true}",
        "{\"k\":1e400}", "{\"k\":[]}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{\"k\":\"v\"} trailing", "{\"k\":\"v\",}", "// comment\n{}",
    ];

    private static readonly string[] ErrorTexts = ["", "ERROR relation not found", "permission denied", "ERROR invalid value", "boom"];

    /// <summary>
    /// What a tool answers. Its output is valid UTF-16, as a real process's output always is once decoded (invalid UTF-8
    /// becomes U+FFFD); a runner that returns a lone surrogate makes the backend throw an ArgumentException (reported as
    /// H-1 in docs/reliability.md).
    /// </summary>
    private static readonly Gen<(int Exit, string Out, string Err, bool TimedOut, bool NotStarted)> Answers = Gen.Select(
        Gen.Frequency((4, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Int)),
        Gen.Frequency((3, Gen.OneOf(JsonAnswers)), (1, Hostile.ValidText)),
        Gen.Frequency((2, Gen.OneOf(ErrorTexts)), (1, Hostile.ValidText)),
        Gen.Int[0, 19],
        (exit, stdout, stderr, roll) => (exit, stdout, stderr, roll == 0, roll == 1));

    [Fact]
    public void AnEscapedLoneSurrogateIsAHookToolException()
    {
        var backend = new HookToolBackend(new AnsweringRunner(0, "{\"k\":\"\\udc00\"}", "", timedOut: false, notStarted: false));

        Assert.ThrowsAny<HookToolException>(() => backend.RelationGet(new RelationId("cluster", 1), "app/0", isApp: false));
    }

    [Fact]
    public void EveryBackendCallReturnsOrThrowsAHookToolException()
        => Gen.Select(Gen.Int[0, 12], Answers).Run(
            (call, answer) =>
            {
                var backend = new HookToolBackend(new AnsweringRunner(answer.Exit, answer.Out, answer.Err, answer.TimedOut, answer.NotStarted), TimeSpan.FromSeconds(5));
                var relation = new RelationId("cluster", 1);
                try
                {
                    _ = call switch
                    {
                        0 => (object)backend.RelationIds("cluster"),
                        1 => backend.RelationUnits(relation),
                        2 => backend.RelationRemoteApp(relation) ?? "",
                        3 => backend.RelationGet(relation, "app/0", isApp: false),
                        4 => backend.RelationGet(relation, "app", isApp: true),
                        5 => Do(() => backend.RelationSet(relation, false, new Dictionary<string, string> { ["k"] = "v" })),
                        6 => backend.IsLeader(),
                        7 => Do(() => backend.StatusSet(Status.Active("m"), application: false)),
                        8 => backend.StatusGet(application: call % 2 == 0),
                        9 => Do(() => backend.Log(LogLevel.Info, "m")),
                        10 => backend.ConfigGet(),
                        11 => backend.StateGet(),
                        _ => Do(() => backend.StateSet(new Dictionary<string, string> { ["k"] = "v" })),
                    };
                }
                catch (HookToolException e)
                {
                    // The exit code is kept when the tool exited; a tool that hung or could not start has none.
                    Assert.Equal(answer.NotStarted || answer.TimedOut ? null : answer.Exit, e.ExitCode);
                }
            },
            iter: 20_000,
            print: t => $"call {t.Item1}: exit {t.Item2.Exit}, stdout {Hostile.Show(t.Item2.Out)}, stderr {Hostile.Show(t.Item2.Err)}, timed out {t.Item2.TimedOut}, not started {t.Item2.NotStarted}");

    private static bool Do(Action action)
    {
        action();
        return true;
    }

    private sealed class AnsweringRunner(int exit, string stdout, string stderr, bool timedOut, bool notStarted) : IProcessRunner
    {
        public ProcessResult Run(ProcessSpec spec)
            => notStarted ? throw new ProcessStartException(spec.FileName, "not on PATH") : new ProcessResult(exit, stdout, stderr, timedOut);
    }
}
