using Charm.Framework.Processes;

namespace Charm.Testing;

/// <summary>
/// A process runner for tests: records every command and answers from a handler you supply (by default: exit 0,
/// no output). Use it to stand in for a workload CLI such as <c>microctl</c>.
/// </summary>
public sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly Func<ProcessSpec, ProcessResult> _handler;
    private readonly List<ProcessSpec> _calls = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a runner answering with <paramref name="handler"/>.</summary>
    public RecordingProcessRunner(Func<ProcessSpec, ProcessResult>? handler = null)
        => _handler = handler ?? (_ => new ProcessResult(0, "", ""));

    /// <summary>Every command run, in order.</summary>
    public IReadOnlyList<ProcessSpec> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <inheritdoc />
    public ProcessResult Run(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_lock)
        {
            _calls.Add(spec);
        }

        return _handler(spec);
    }
}
