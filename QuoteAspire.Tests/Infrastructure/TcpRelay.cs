using System.Net;
using System.Net.Sockets;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Forwards every connection made to <see cref="Port"/> on 127.0.0.1 to a server, as a proxy in front of a resource
/// does, and can silence the connections open so far: they stay open, and what is sent on them is never answered, as
/// when a proxy holds a client's side open after the server behind it died. Connections made afterwards are forwarded.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Link> _links = [];
    private readonly Task _accepting;

    public TcpRelay(IPEndPoint server)
    {
        _server = server;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were made to the relay so far.</summary>
    public int Accepted
    {
        get
        {
            lock (_links)
            {
                return _links.Count;
            }
        }
    }

    /// <summary>Every connection open now stops forwarding, both ways, and stays open.</summary>
    public void SilenceOpenConnections()
    {
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Silenced = true;
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_server, _stopping.Token);
                var link = new Link(client, server);
                lock (_links)
                {
                    _links.Add(link);
                }

                _ = PumpAsync(link, client.GetStream(), server.GetStream());
                _ = PumpAsync(link, server.GetStream(), client.GetStream());
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(Link link, NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
            {
                if (!link.Silenced)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Client.Dispose();
                link.Server.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        private volatile bool _silenced;

        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public bool Silenced
        {
            get => _silenced;
            set => _silenced = value;
        }
    }
}
