using System.Runtime.InteropServices;
using System.Text;
using Charm.Framework.Native;

namespace Charm.Framework.Processes;

/// <summary>
/// Everything the runner does with a <see cref="SpawnedChild"/> after it started, on the calling thread: writes its
/// standard input, reads its output and error as they come (<c>poll</c> over the non-blocking pipes), decodes them as
/// UTF-8 into bounded <see cref="Capture"/>s, and reaps it with <c>waitpid</c> when its pidfd (or, without one, a
/// periodic check) says it exited. No thread, task or timer is used.
/// </summary>
internal sealed unsafe class ChildIo : IDisposable
{
    private const int BufferSize = 16 * 1024;

    // Without a pidfd the exit is noticed by checking waitpid between polls, at first every millisecond, backing off to 50.
    private const int MaxExitCheckMilliseconds = 50;

    private readonly SpawnedChild _child;
    private readonly byte[] _input;
    private readonly Pipe _output;
    private readonly Pipe _error;
    private readonly byte[] _bytes = new byte[BufferSize];
    private readonly char[] _chars;
    private int _inputFd;
    private int _inputWritten;
    private int _exitCheckMilliseconds = 1;
    private bool _exitSignalled;

    public ChildIo(SpawnedChild child, string? input, int maxStreamLength, Encoding encoding)
    {
        _child = child;
        _input = string.IsNullOrEmpty(input) ? [] : encoding.GetBytes(input);
        _chars = new char[encoding.GetMaxCharCount(BufferSize)];
        _output = new Pipe(child.Output, new Capture(maxStreamLength), encoding.GetDecoder());
        _error = new Pipe(child.Error, new Capture(maxStreamLength), encoding.GetDecoder());
        _inputFd = child.Input;
        if (_input.Length == 0)
        {
            CloseInput();
        }
    }

    public Capture Output => _output.Capture;

    public Capture Error => _error.Capture;

    /// <summary>Whether the child was reaped; then <see cref="ExitCode"/> holds its code (128 + the signal when a signal ended it).</summary>
    public bool Exited { get; private set; }

    public int ExitCode { get; private set; } = -1;

    /// <summary>Whether both output streams reached their end (or were abandoned).</summary>
    public bool StreamsEnded => _output.Fd < 0 && _error.Fd < 0;

    /// <summary>Pumps the pipes until the child exits and is reaped (true) or <paramref name="deadline"/> passes (false).</summary>
    public bool PumpUntilExit(long deadline) => Pump(deadline, untilExit: true);

    /// <summary>Pumps the pipes until both output streams end (true) or <paramref name="deadline"/> passes (false).</summary>
    public bool PumpUntilStreamsEnd(long deadline) => Pump(deadline, untilExit: false);

    /// <summary>A deadline <paramref name="span"/> from now (<see cref="long.MaxValue"/> for an infinite span), in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public static long DeadlineAfter(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span.TotalMilliseconds >= long.MaxValue / 2
            ? long.MaxValue
            : Environment.TickCount64 + (long)Math.Ceiling(span.TotalMilliseconds);

    public void Dispose()
    {
        CloseInput();
        _output.Close();
        _error.Close();
        if (_child.PidFd >= 0)
        {
            _ = Posix.Close(_child.PidFd);
        }
    }

    private bool Pump(long deadline, bool untilExit)
    {
        Posix.PollFd* polls = stackalloc Posix.PollFd[4];
        while (true)
        {
            if (untilExit ? Exited || ((_child.PidFd < 0 || _exitSignalled) && TryReap()) : StreamsEnded)
            {
                return true;
            }

            var now = Environment.TickCount64;
            if (now >= deadline)
            {
                return false;
            }

            var count = 0;
            AddPoll(polls, ref count, _inputFd, Posix.PollOut);
            AddPoll(polls, ref count, _output.Fd, Posix.PollIn);
            AddPoll(polls, ref count, _error.Fd, Posix.PollIn);
            var watchExit = untilExit && _child.PidFd >= 0;
            if (watchExit)
            {
                AddPoll(polls, ref count, _child.PidFd, Posix.PollIn);
            }

            var wait = deadline == long.MaxValue ? -1 : (int)Math.Min(deadline - now, int.MaxValue);
            if (untilExit && !watchExit)
            {
                wait = wait < 0 ? _exitCheckMilliseconds : Math.Min(wait, _exitCheckMilliseconds);
                _exitCheckMilliseconds = Math.Min(_exitCheckMilliseconds * 2, MaxExitCheckMilliseconds);
            }

            if (Posix.Poll(polls, (nuint)count, wait) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Posix.Interrupted)
                {
                    continue;
                }

                throw new IOException($"Cannot wait for a child process's pipes: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }

            for (var i = 0; i < count; i++)
            {
                if (polls[i].ReturnedEvents == 0)
                {
                    continue;
                }

                var fd = polls[i].Fd;
                if (fd == _inputFd)
                {
                    WriteInput(polls[i].ReturnedEvents);
                }
                else if (fd == _output.Fd)
                {
                    ReadAvailable(_output);
                }
                else if (fd == _error.Fd)
                {
                    ReadAvailable(_error);
                }
                else if (fd == _child.PidFd)
                {
                    _exitSignalled = true;
                }
            }
        }
    }

    private static void AddPoll(Posix.PollFd* polls, ref int count, int fd, short events)
    {
        if (fd >= 0)
        {
            polls[count++] = new Posix.PollFd { Fd = fd, Events = events };
        }
    }

    /// <summary><c>waitpid(WNOHANG)</c>: whether the child has exited (and is now reaped).</summary>
    private bool TryReap()
    {
        int status;
        while (true)
        {
            var reaped = Posix.WaitPid(_child.Pid, &status, Posix.NoHang);
            if (reaped == _child.Pid)
            {
                break;
            }

            if (reaped == 0)
            {
                return false;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Posix.Interrupted)
            {
                continue;
            }

            throw new InvalidOperationException(
                errno == Posix.NoChild
                    ? $"The exit status of child process {_child.Pid} was collected by someone else (is SIGCHLD ignored in this process?), so its exit code is unknown."
                    : $"Cannot wait for child process {_child.Pid}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        // WIFEXITED: low 7 bits zero, code in bits 8-15; else WTERMSIG in the low 7 bits, reported as 128 + signal as .NET does.
        var signal = status & 0x7f;
        ExitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal;
        Exited = true;
        return true;
    }

    private void WriteInput(short events)
    {
        if ((events & Posix.PollOut) == 0)
        {
            // POLLERR or POLLHUP alone: nobody reads the pipe any more.
            CloseInput();
            return;
        }

        fixed (byte* input = _input)
        {
            while (_inputWritten < _input.Length)
            {
                var written = Posix.Write(_inputFd, input + _inputWritten, _input.Length - _inputWritten);
                if (written > 0)
                {
                    _inputWritten += (int)written;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Posix.Interrupted)
                {
                    continue;
                }

                if (errno == Posix.TryAgain)
                {
                    return;
                }

                // EPIPE (.NET ignores SIGPIPE): the process exited or closed its standard input without reading everything.
                break;
            }
        }

        CloseInput();
    }

    private void ReadAvailable(Pipe stream)
    {
        fixed (byte* buffer = _bytes)
        {
            while (true)
            {
                var read = Posix.Read(stream.Fd, buffer, BufferSize);
                if (read > 0)
                {
                    var chars = stream.Decoder.GetChars(_bytes, 0, (int)read, _chars, 0, flush: false);
                    stream.Capture.Append(_chars, chars);
                    if (read < BufferSize)
                    {
                        return; // the pipe is most likely empty now: poll again rather than read to EAGAIN
                    }

                    continue;
                }

                var errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (read < 0 && errno == Posix.Interrupted)
                {
                    continue;
                }

                if (read < 0 && errno == Posix.TryAgain)
                {
                    return;
                }

                // The end of the stream (or an error, which ends it too): what the decoder holds is flushed, as a reader would.
                var tail = stream.Decoder.GetChars([], 0, 0, _chars, 0, flush: true);
                stream.Capture.Append(_chars, tail);
                stream.Close();
                return;
            }
        }
    }

    private void CloseInput()
    {
        if (_inputFd >= 0)
        {
            _ = Posix.Close(_inputFd);
            _inputFd = -1;
        }
    }

    /// <summary>One output pipe: its descriptor (-1 once closed), where its text goes and its incremental decoder.</summary>
    private sealed class Pipe(int fd, Capture capture, Decoder decoder)
    {
        public int Fd { get; private set; } = fd;

        public Capture Capture { get; } = capture;

        public Decoder Decoder { get; } = decoder;

        public void Close()
        {
            if (Fd >= 0)
            {
                _ = Posix.Close(Fd);
                Fd = -1;
            }
        }
    }
}
