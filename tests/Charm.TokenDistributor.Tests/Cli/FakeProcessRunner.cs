using Charm.Framework.Processes;

namespace Charm.TokenDistributor.Tests.Cli;

/// <summary>Records every <see cref="ProcessSpec"/> and answers with queued results (or throws queued exceptions).</summary>
internal sealed class FakeProcessRunner : IProcessRunner
{
    private readonly Queue<Func<ProcessSpec, ProcessResult>> _answers = new();

    public List<ProcessSpec> Calls { get; } = [];

    public FakeProcessRunner Returns(int exitCode, string standardOutput = "", string standardError = "", bool timedOut = false)
    {
        _answers.Enqueue(_ => new ProcessResult(exitCode, standardOutput, standardError, timedOut));
        return this;
    }

    public FakeProcessRunner Throws(Exception exception)
    {
        _answers.Enqueue(_ => throw exception);
        return this;
    }

    public ProcessResult Run(ProcessSpec spec)
    {
        Calls.Add(spec);
        return _answers.Count == 0 ? new ProcessResult(0, "", "") : _answers.Dequeue()(spec);
    }
}
