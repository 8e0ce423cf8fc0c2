using System.Globalization;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// <c>GET /quotes</c> streams a list longer than one read: it asks the store for one chunk of
/// <see cref="QuoteRepository.StreamChunkSize"/> quotes at a time, as redis-server's own count of its <c>LRANGE</c>
/// calls shows, rather than reading the whole list into memory at once; and a list cut while it is streamed ends the
/// response in error, never as a shorter array that a client would take for the whole list.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class QuoteStreamingTests(RedisServerAppFixture fixture)
{
    // Two whole chunks and part of a third, at least: a buffered read would make one call, a stream three.
    private const int AtLeast = (2 * QuoteRepository.StreamChunkSize) + (QuoteRepository.StreamChunkSize / 2);

    [Fact]
    public async Task ListingMoreQuotesThanOneReadHoldsAsksTheStoreOnceForEachChunk()
    {
        using var client = fixture.CreateGraphClient();
        await using var store = await fixture.App.ConnectToStoreAsync();
        var database = store.GetDatabase();
        var server = store.GetServer(store.GetEndPoints()[0]);

        // Whatever the other tests of this graph stored, the list ends up longer than two chunks.
        var stored = await database.ListLengthAsync(QuoteRepository.QuotesKey);
        var prefix = $"Streamed {Guid.NewGuid():N}";
        var added = Enumerable.Range(0, (int)Math.Max(0, AtLeast - stored)).Select(number => (RedisValue)$"{prefix} #{number}").ToArray();
        if (added.Length > 0)
        {
            await database.ListRightPushAsync(QuoteRepository.QuotesKey, added);
        }

        var length = await database.ListLengthAsync(QuoteRepository.QuotesKey);
        var callsBefore = await LrangeCallsAsync(server);
        var listed = await client.GetQuotesAsync();
        var calls = await LrangeCallsAsync(server) - callsBefore;

        Assert.Equal(length, listed.Length);
        Assert.Equal((await database.ListRangeAsync(QuoteRepository.QuotesKey)).Select(quote => (string)quote!), listed);
        // The length is read with the first chunk, so the stream asks for no chunk past the end.
        var chunks = Math.Max(1, (length + QuoteRepository.StreamChunkSize - 1) / QuoteRepository.StreamChunkSize);
        TestContext.Current.TestOutputHelper?.WriteLine($"{length} quotes listed with {calls} LRANGE calls");
        Assert.True(calls == chunks, $"Listing {length} quotes made {calls} LRANGE call(s); reading {QuoteRepository.StreamChunkSize} at a time takes {chunks}.");
    }

    [Fact]
    public async Task AListCutWhileItIsStreamedEndsTheResponseInErrorRatherThanAsAShorterArray()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var client = await SlowReaderOfAFrontendReplicaAsync();
        await using var store = await fixture.App.ConnectToStoreAsync();
        var database = store.GetDatabase();
        var server = store.GetServer(store.GetEndPoints()[0]);
        var kept = await database.ListLengthAsync(QuoteRepository.QuotesKey);

        // Quotes of about 1 KB (the longest a post may send), more of them than the socket between the frontend and this
        // test buffers, so the frontend is still reading chunks, held back by this test's unread body, when the list is cut.
        var padding = new string('x', 950);
        var prefix = $"Cut while streamed {Guid.NewGuid():N}";
        var added = Enumerable.Range(0, ChunksBeyondTheBuffers * QuoteRepository.StreamChunkSize).Select(number => (RedisValue)$"{prefix} #{number} {padding}").ToArray();
        try
        {
            // A chunk's worth per call: 30 MB in one call outlasted the client's 5 s timeout on a busy machine.
            foreach (var batch in added.Chunk(QuoteRepository.StreamChunkSize))
            {
                await database.ListRightPushAsync(QuoteRepository.QuotesKey, batch);
            }

            var length = await database.ListLengthAsync(QuoteRepository.QuotesKey);
            var chunks = (length + QuoteRepository.StreamChunkSize - 1) / QuoteRepository.StreamChunkSize;
            var callsBefore = await LrangeCallsAsync(server);
            using var response = await client.GetAsync("/quotes", HttpCompletionOption.ResponseHeadersRead, cancellation)
                .WaitAsync(Bounded.HttpRequest, "the headers of GET /quotes");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            var callsWhenCut = await WaitUntilTheStreamStallsAsync(server, callsBefore);
            Assert.True(callsWhenCut < chunks, $"The frontend had read all {chunks} chunks before the list was cut: the sockets buffered the whole response, and this test needs a longer list.");

            // Back to the length it had before this test: the chunks still to be read come back short or empty.
            await CutAsync(database, kept);

            string[]? listed = null;
            Exception? failure = null;
            try
            {
                listed = await System.Text.Json.JsonSerializer.DeserializeAsync<string[]>(body, cancellationToken: cancellation).AsTask()
                    .WaitAsync(Bounded.HttpRequest, "the rest of the GET /quotes body");
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or System.Text.Json.JsonException)
            {
                failure = exception;
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{length} quotes; cut to {kept} after {callsWhenCut} of {chunks} chunks were read; the client saw {failure?.GetType().Name ?? $"an array of {listed?.Length}"}: {failure?.Message}");
            Assert.True(failure is not null, $"The list was cut to {kept} quotes while it was streamed, and the response ended as a well-formed array of {listed?.Length} of its {length} quotes: a client cannot tell that from the whole list.");
        }
        finally
        {
            // The quotes this test added go, whichever way it ended; the graph's other tests find the list as it was.
            await CutAsync(database, kept);
        }
    }

    // LTRIM keeps a range, and no range is empty: LTRIM 0 -1 would keep the whole list.
    private static Task CutAsync(IDatabase database, long length) =>
        length == 0 ? database.KeyDeleteAsync(QuoteRepository.QuotesKey) : database.ListTrimAsync(QuoteRepository.QuotesKey, 0, length - 1);

    // Enough for the frontend's response (about 500 KB a chunk here) to outgrow the buffers of one small-windowed socket:
    // the frontend stalled after 8 chunks of 12 (the kernel grows its own send buffer to a few MB).
    private const int ChunksBeyondTheBuffers = 20;

    // A client straight to one replica of the frontend (no proxy, with buffers of its own, in between) whose socket
    // takes in little before the test reads: the frontend stalls after a few chunks, not after megabytes of them.
    private async Task<HttpClient> SlowReaderOfAFrontendReplicaAsync()
    {
        var replica = (await fixture.App.WaitForEveryReplicaHealthyAsync(QuoteAppFixture.Frontend, TestContext.Current.CancellationToken))[0];
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = replica, Timeout = Bounded.HttpRequest };
    }

    // The frontend reads a chunk, writes it, and waits while the body is unread and the buffers are full: its count of
    // LRANGE calls stops rising. Returns that count, less the calls made before the request.
    private static async Task<long> WaitUntilTheStreamStallsAsync(IServer server, long callsBefore)
    {
        var last = -1L;
        var current = 0L;
        await Bounded.UntilAsync(
            async () =>
            {
                last = current;
                await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
                current = await LrangeCallsAsync(server) - callsBefore;
                return current > 0 && current == last;
            },
            Bounded.ResourceHealthy,
            "the frontend's stream to stop reading chunks while this test leaves its body unread");
        return current;
    }

    // What redis-server counts itself: INFO commandstats has "cmdstat_lrange:calls=N,usec=...".
    private static async Task<long> LrangeCallsAsync(IServer server)
    {
        var stats = await server.InfoAsync("commandstats").WaitAsync(Bounded.ResourceHealthy, "redis-server to answer INFO commandstats");
        var lrange = stats.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "cmdstat_lrange").Value;
        if (lrange is null)
        {
            return 0;
        }

        var calls = lrange.Split(',').Single(field => field.StartsWith("calls=", StringComparison.Ordinal));
        return long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }
}
