using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// A loopback peer that reads each HTTP request completely and never answers it: it closes the connection
/// (FIN), resets it (RST), or holds it open until disposed. The request has arrived, so it may have been applied.
/// </summary>
internal sealed class SilentTcpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentBag<TcpClient> held = [];
    private readonly ConcurrentBag<Task> handlers = [];
    private readonly SilentMode mode;
    private readonly Task acceptLoop;

    public SilentTcpServer(SilentMode mode)
    {
        this.mode = mode;
        listener.Start();
        BaseAddress = new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port).Uri;
        acceptLoop = AcceptAsync(stop.Token);
    }

    public Uri BaseAddress { get; }

    /// <summary>Every request received in full (head and body), as text.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        foreach (var client in held)
        {
            client.Dispose();
        }

        await acceptLoop;
        await Task.WhenAll(handlers);
        stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                handlers.Add(HandleAsync(client, cancellationToken));
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            requests.Enqueue(await ReadRequestAsync(client.GetStream(), cancellationToken));
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            client.Dispose();
            return;
        }

        switch (mode)
        {
            case SilentMode.Hold:
                held.Add(client);
                break;
            case SilentMode.Reset:
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                break;
            default:
                client.Dispose();
                break;
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before sending a whole request.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        var length = head.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (received.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The client closed the connection in the middle of the body.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        return Encoding.UTF8.GetString([.. received]);
    }

    private static int IndexOfHeadEnd(List<byte> received) =>
        CollectionsMarshal.AsSpan(received).IndexOf("\r\n\r\n"u8);
}
