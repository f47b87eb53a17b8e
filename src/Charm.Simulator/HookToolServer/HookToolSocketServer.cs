using System.Collections.Concurrent;
using System.Net.Sockets;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;

namespace Charm.Simulator.HookToolServer;

/// <summary>
/// The simulator's end of the hook tools: listens on a Unix domain socket, reads one request per connection from
/// <c>charm-sim-tool</c>, finds the running hook by the context id the request carries, answers through
/// <see cref="HookToolCommands"/> and writes the response. Only hooks registered with <see cref="Register"/> are served,
/// so a tool left running after its hook ended gets an error, not another hook's data.
/// </summary>
internal sealed class HookToolSocketServer : IDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<string, HookContext> _contexts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public HookToolSocketServer(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SocketPath = socketPath;
        if (File.Exists(socketPath))
        {
            File.Delete(socketPath);
        }

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    /// <summary>How many requests were answered (for diagnostics and tests).</summary>
    public int RequestsServed => _served;

    private int _served;

    public void Register(HookContext context) => _contexts[context.Id] = context;

    public void Unregister(string contextId) => _contexts.TryRemove(contextId, out _);

    /// <summary>Answers one request (the socket loop calls this; tests may too).</summary>
    public ToolResponse Answer(ToolRequest request)
    {
        if (!_contexts.TryGetValue(request.ContextId, out var context))
        {
            return new ToolResponse(1, "", $"ERROR no running hook has context id \"{request.ContextId}\" (the hook ended, or the tool was run outside the simulator)\n");
        }

        return HookToolCommands.Execute(context, request);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private void Serve(Socket client)
    {
        using (client)
        {
            try
            {
                client.ReceiveTimeout = 60_000;
                client.SendTimeout = 60_000;
                using var stream = new NetworkStream(client, ownsSocket: false);
                var payload = HookToolProtocol.ReadFrame(stream);
                if (payload is null)
                {
                    return;
                }

                ToolResponse response;
                try
                {
                    response = Answer(HookToolProtocol.DecodeRequest(payload));
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
                {
                    response = new ToolResponse(1, "", "ERROR malformed request from charm-sim-tool: " + e.Message + "\n");
                }
                catch (Exception e)
                {
                    // A simulator bug must not hang the charm: answer with the error and let the hook fail visibly.
                    response = new ToolResponse(1, "", "ERROR charm-sim internal error: " + e + "\n");
                }

                HookToolProtocol.WriteFrame(stream, HookToolProtocol.EncodeResponse(response));
                Interlocked.Increment(ref _served);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException or EndOfStreamException)
            {
                // The tool went away (killed by a hook timeout); nothing to answer.
            }
        }
    }
}
