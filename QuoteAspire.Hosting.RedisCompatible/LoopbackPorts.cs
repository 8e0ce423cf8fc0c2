using System.Net;
using System.Net.Sockets;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Ports on loopback that are free now, chosen by the system. A replicated set's nodes and Sentinels tell each other
/// their ports in configuration files and keep them across restarts (a Sentinel knows a node that comes back by its
/// address), so each gets a fixed port of its own rather than one behind Aspire's proxy.
/// </summary>
internal static class LoopbackPorts
{
    public static int[] Reserve(int count)
    {
        // All open at once, so no two of them get the same port.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
