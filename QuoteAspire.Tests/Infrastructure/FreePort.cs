using System.Net;
using System.Net.Sockets;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Ports on 127.0.0.1 that nothing listens on, for the processes the tests start.</summary>
public static class FreePort
{
    /// <summary>A port the operating system just handed out and released.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
