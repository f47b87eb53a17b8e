using System.Text;

namespace Charm.Simulator.HookTool;

/// <summary>
/// The wire format between the multi-call hook tool (<c>charm-sim-tool</c>) and the simulator's hook-tool server. This file
/// is compiled into both assemblies (the tool links no simulator code), so the two sides cannot drift apart.
/// </summary>
/// <remarks>
/// One request and one response per connection over a Unix domain socket. Each message is a frame: a 4-byte
/// little-endian length, then that many bytes written with <see cref="BinaryWriter"/> (strings are UTF-8 with a 7-bit
/// encoded length prefix). A request is: protocol version, context id, tool name, working directory, whether standard
/// input follows and the text, argument count and the arguments. A response is: exit code, whether the command hangs,
/// standard output, standard error.
/// </remarks>
internal static class HookToolProtocol
{
    /// <summary>The variable holding the path of the server's Unix domain socket.</summary>
    public const string SocketVariable = "CHARM_SIM_SOCKET";

    /// <summary>The variable identifying the unit and hook the call belongs to.</summary>
    public const string ContextVariable = "CHARM_SIM_CONTEXT";

    /// <summary>When set, the tool name to use instead of the name the tool was invoked under.</summary>
    public const string ToolNameVariable = "CHARM_SIM_TOOL";

    /// <summary>The name of the multi-call executable itself.</summary>
    public const string ExecutableName = "charm-sim-tool";

    /// <summary>The protocol version this build speaks.</summary>
    public const int Version = 1;

    /// <summary>The largest frame either side accepts (16 MiB): far beyond any databag, small enough to refuse garbage.</summary>
    public const int MaxFrameLength = 16 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static byte[] EncodeRequest(ToolRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Utf8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(request.ContextId);
            writer.Write(request.Tool);
            writer.Write(request.WorkingDirectory);
            writer.Write(request.StandardInput is not null);
            writer.Write(request.StandardInput ?? "");
            writer.Write(request.Arguments.Count);
            foreach (var argument in request.Arguments)
            {
                writer.Write(argument);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a request frame's payload.</summary>
    /// <exception cref="InvalidDataException">The payload is not a request of this protocol version.</exception>
    /// <exception cref="EndOfStreamException">The payload ends before the request does.</exception>
    public static ToolRequest DecodeRequest(byte[] payload)
    {
        try
        {
            return ReadRequest(payload);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw new InvalidDataException($"a malformed request: {e.Message}", e);
        }
    }

    private static ToolRequest ReadRequest(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), Utf8);
        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"protocol version {version} is not supported (this simulator speaks version {Version}); use the charm-sim-tool built with it");
        }

        var context = reader.ReadString();
        var tool = reader.ReadString();
        var directory = reader.ReadString();
        var hasInput = reader.ReadBoolean();
        var input = reader.ReadString();
        var count = reader.ReadInt32();
        if (count < 0 || count > payload.Length)
        {
            throw new InvalidDataException($"the request claims {count} arguments");
        }

        var arguments = new string[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = reader.ReadString();
        }

        return new ToolRequest(context, tool, directory, arguments, hasInput ? input : null);
    }

    public static byte[] EncodeResponse(ToolResponse response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Utf8, leaveOpen: true))
        {
            writer.Write(response.ExitCode);
            writer.Write(response.Hang);
            writer.Write(response.StandardOutput);
            writer.Write(response.StandardError);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a response frame's payload.</summary>
    /// <exception cref="InvalidDataException">The payload is not a response.</exception>
    /// <exception cref="EndOfStreamException">The payload ends before the response does.</exception>
    public static ToolResponse DecodeResponse(byte[] payload)
    {
        try
        {
            return ReadResponse(payload);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw new InvalidDataException($"a malformed response: {e.Message}", e);
        }
    }

    /// <summary>
    /// What <see cref="BinaryReader"/> throws for bytes that are not what was written: a string length that is not a
    /// 7-bit encoded integer (<see cref="FormatException"/>) or is negative (<see cref="IOException"/>). Running out of
    /// bytes stays an <see cref="EndOfStreamException"/>.
    /// </summary>
    private static bool IsMalformed(Exception e) => e is FormatException || (e is IOException && e is not EndOfStreamException);

    private static ToolResponse ReadResponse(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), Utf8);
        var exitCode = reader.ReadInt32();
        var hang = reader.ReadBoolean();
        var output = reader.ReadString();
        var error = reader.ReadString();
        return new ToolResponse(exitCode, output, error, hang);
    }

    /// <summary>Writes one frame.</summary>
    public static void WriteFrame(Stream stream, byte[] payload)
    {
        Span<byte> header = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame; <see langword="null"/> when the peer closed the connection before sending one.</summary>
    public static byte[]? ReadFrame(Stream stream)
    {
        var header = new byte[4];
        if (!ReadExactly(stream, header))
        {
            return null;
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > MaxFrameLength)
        {
            throw new InvalidDataException($"a frame of {length} bytes is out of range (at most {MaxFrameLength})");
        }

        var payload = new byte[length];
        if (!ReadExactly(stream, payload))
        {
            throw new EndOfStreamException("the connection closed in the middle of a frame");
        }

        return payload;
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("the connection closed in the middle of a frame");
            }

            read += n;
        }

        return true;
    }
}

/// <summary>One hook-tool call as the tool forwards it.</summary>
/// <param name="ContextId">The value of <see cref="HookToolProtocol.ContextVariable"/>.</param>
/// <param name="Tool">The tool name, e.g. <c>relation-get</c> or <c>microctl</c>.</param>
/// <param name="WorkingDirectory">The caller's working directory (relative <c>--file</c> paths are read from it).</param>
/// <param name="Arguments">The arguments after the tool name.</param>
/// <param name="StandardInput">Standard input, when the command line reads it (<c>--file -</c>).</param>
internal sealed record ToolRequest(string ContextId, string Tool, string WorkingDirectory, IReadOnlyList<string> Arguments, string? StandardInput);

/// <summary>The server's answer to one <see cref="ToolRequest"/>.</summary>
/// <param name="ExitCode">The exit code the tool exits with.</param>
/// <param name="StandardOutput">What the tool prints on standard output.</param>
/// <param name="StandardError">What the tool prints on standard error.</param>
/// <param name="Hang">The command hangs (an injected fault): the tool waits until it is killed.</param>
internal sealed record ToolResponse(int ExitCode, string StandardOutput, string StandardError, bool Hang = false);
