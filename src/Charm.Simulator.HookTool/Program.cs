using System.Net.Sockets;
using System.Text;
using Charm.Simulator.HookTool;
using Microsoft.Win32.SafeHandles;

// The simulator's multi-call hook tool. Linked (symlinked) on PATH as relation-get, relation-set, is-leader, … and as the
// workload CLI (e.g. microctl), it forwards argv, the working directory and (for `--file -`) standard input to the
// simulator over the Unix domain socket named by CHARM_SIM_SOCKET, tagged with CHARM_SIM_CONTEXT, then prints the
// answer and exits with its code. Invoked as `charm-sim-tool <tool> args…` it acts as <tool>.
return ToolMain.Run(args);

/// <summary>The tool's logic, kept out of the top-level statements so it reads top to bottom.</summary>
internal static class ToolMain
{
    /// <summary>Exit code for a failure of the tool itself (no simulator to talk to, broken connection).</summary>
    private const int ExitToolFailure = 1;

    /// <summary>Exit code when the simulator said the command hangs and nothing killed us within <see cref="HangLimit"/>.</summary>
    private const int ExitHungTooLong = 124;

    /// <summary>The standard file descriptors.</summary>
    private const int StandardInput = 0;
    private const int StandardOutput = 1;
    private const int StandardError = 2;

    /// <summary>How long to wait for the simulator's answer.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);

    /// <summary>An injected hang lasts until the hook's timeout kills the process, but never longer than this.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromHours(1);

    public static int Run(string[] args)
    {
        var (tool, arguments) = ResolveTool(args);
        if (tool is null)
        {
            WriteError(
                $"usage: {HookToolProtocol.ExecutableName} <tool> [arguments…]\n"
                + "  or run it through a link named after the tool (relation-get, relation-set, is-leader, …).\n"
                + "  It works only inside a hook run by charm-sim, which sets " + HookToolProtocol.SocketVariable + " and " + HookToolProtocol.ContextVariable + ".\n");
            return 2;
        }

        var socketPath = Environment.GetEnvironmentVariable(HookToolProtocol.SocketVariable);
        var context = Environment.GetEnvironmentVariable(HookToolProtocol.ContextVariable);
        if (string.IsNullOrEmpty(socketPath) || string.IsNullOrEmpty(context))
        {
            WriteError(
                $"ERROR {tool}: not running inside a simulated hook ({HookToolProtocol.SocketVariable} and {HookToolProtocol.ContextVariable} must be set by charm-sim).\n");
            return ExitToolFailure;
        }

        string? input = ReadsStandardInput(arguments) ? ReadStandardInput() : null;
        var request = new ToolRequest(context, tool, Environment.CurrentDirectory, arguments, input);
        ToolResponse response;
        try
        {
            response = Exchange(socketPath, request);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or EndOfStreamException)
        {
            WriteError($"ERROR {tool}: cannot reach the simulator at {socketPath}: {e.Message}\n");
            return ExitToolFailure;
        }

        if (response.Hang)
        {
            // The fake workload was told to hang: behave like a stuck CLI until the hook's timeout kills the process tree.
            Thread.Sleep(HangLimit);
            return ExitHungTooLong;
        }

        Write(StandardOutput, response.StandardOutput);
        Write(StandardError, response.StandardError);
        return response.ExitCode;
    }

    private static (string? Tool, string[] Arguments) ResolveTool(string[] args)
    {
        var overridden = Environment.GetEnvironmentVariable(HookToolProtocol.ToolNameVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return (overridden, args);
        }

        var invokedAs = Path.GetFileName(InvocationName());
        if (invokedAs.Length == 0 || invokedAs.StartsWith(HookToolProtocol.ExecutableName, StringComparison.Ordinal)
            || invokedAs is "dotnet")
        {
            return args.Length > 0 && !args[0].StartsWith('-') ? (args[0], args[1..]) : (null, args);
        }

        return (invokedAs, args);
    }

    /// <summary>
    /// The name the process was started under (argv[0]). .NET reports the resolved program instead, which for a link
    /// is the tool itself, so on Linux the kernel's copy of argv is read.
    /// </summary>
    private static string InvocationName()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            var first = Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            if (first.Length > 0)
            {
                return first;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Environment.GetCommandLineArgs()[0];
    }

    /// <summary>Standard input is read only when the command line says so, so a tool never blocks on a terminal.</summary>
    private static bool ReadsStandardInput(string[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--")
            {
                return false;
            }

            if (arguments[i] is "--file=-" || (arguments[i] == "--file" && i + 1 < arguments.Length && arguments[i + 1] == "-"))
            {
                return true;
            }
        }

        return false;
    }

    private static string ReadStandardInput()
    {
        using var stdin = Open(StandardInput, FileAccess.Read);
        using var reader = new StreamReader(stdin, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8) to a standard descriptor. The tool runs once per hook-tool call, so it
    /// writes through the descriptor itself rather than <see cref="Console"/>: the console's set-up (terminal and signal
    /// handling, a thread of its own) would cost more than the whole exchange with the simulator.
    /// </summary>
    private static void Write(int descriptor, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        try
        {
            using var stream = Open(descriptor, FileAccess.Write);
            stream.Write(Encoding.UTF8.GetBytes(text));
        }
        catch (IOException)
        {
            // The reader went away (a closed pipe); like any CLI, the tool still exits with its code.
        }
    }

    private static void WriteError(string text) => Write(StandardError, text);

    private static FileStream Open(int descriptor, FileAccess access)
        => new(new SafeFileHandle(descriptor, ownsHandle: false), access, bufferSize: 0);

    private static ToolResponse Exchange(string socketPath, ToolRequest request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = (int)AnswerTimeout.TotalMilliseconds;
        socket.SendTimeout = (int)AnswerTimeout.TotalMilliseconds;
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        HookToolProtocol.WriteFrame(stream, HookToolProtocol.EncodeRequest(request));
        var payload = HookToolProtocol.ReadFrame(stream) ?? throw new EndOfStreamException("the simulator closed the connection without answering");
        return HookToolProtocol.DecodeResponse(payload);
    }
}
