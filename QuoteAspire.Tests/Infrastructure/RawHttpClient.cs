using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>An answer as read off the wire: status, headers (names in any case; repeated ones joined with ", ") and body.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Sends requests byte for byte over a connection of their own. HttpClient refuses to send most malformed
/// requests (control characters in headers, broken framing, oversized lines), which are what the
/// hostile-input tests are about.
/// </summary>
public static class RawHttpClient
{
    /// <summary>
    /// Sends <paramref name="request"/> to the host and port of <paramref name="server"/> (over TLS for https)
    /// and reads until the server closes the connection, so the request should say <c>Connection: close</c>.
    /// </summary>
    public static async Task<RawHttpResponse> SendAsync(Uri server, byte[] request, string what)
    {
        var timeout = Bounded.HttpRequest;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout);
        try
        {
            return Parse(await ExchangeAsync(server, request, cancellation.Token), what);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
        }
    }

    private static async Task<byte[]> ExchangeAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = server.Scheme == Uri.UriSchemeHttps
            ? await StartTlsAsync(tcp.GetStream(), server.Host, cancellationToken)
            : tcp.GetStream();

        try
        {
            await stream.WriteAsync(request, cancellationToken);
        }
        catch (IOException)
        {
            // The server may answer and close before it has taken the whole request; the answer is read below.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closing with request bytes unread) loses nothing needed.
        }

        return received.ToArray();
    }

    private static async Task<Stream> StartTlsAsync(NetworkStream stream, string host, CancellationToken cancellationToken)
    {
        var tls = new SslStream(stream);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
        return tls;
    }

    private static RawHttpResponse Parse(byte[] received, string what)
    {
        var headEnd = received.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            throw new InvalidOperationException(
                $"The server closed the connection without a whole answer to {what}; it sent {received.Length} bytes: '{Encoding.Latin1.GetString(received[..Math.Min(received.Length, 200)])}'.");
        }

        var lines = Encoding.Latin1.GetString(received, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines[1..])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        var body = received.AsSpan(headEnd + 4);
        var text = headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? Dechunk(body)
            : Encoding.UTF8.GetString(body);
        return new RawHttpResponse(status, headers, text);
    }

    private static string Dechunk(ReadOnlySpan<byte> chunked)
    {
        var body = new List<byte>();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var sizeText = Encoding.Latin1.GetString(chunked[..lineEnd]).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return Encoding.UTF8.GetString([.. body]);
            }

            body.AddRange(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
