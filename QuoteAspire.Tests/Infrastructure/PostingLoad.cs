using System.Collections.Concurrent;
using System.Net;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Clients posting distinct quotes side by side while a test breaks something, recording which quotes
/// were acknowledged (201) so the test can check exactly those were kept.
/// </summary>
public sealed class PostingLoad : IAsyncDisposable
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(50);

    private readonly HttpClient _client;
    private readonly string _prefix;
    private readonly bool _retryWithIdempotencyKey;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _giveUp = new();
    // Each acknowledged quote, with when its 201 came (Stopwatch timestamp).
    private readonly ConcurrentDictionary<string, long> _acknowledged = new();
    private readonly ConcurrentQueue<string> _rejected = new();
    // What each request that failed other than by the rate limit got, and how often: the failure message says it.
    private readonly ConcurrentDictionary<string, int> _failures = new();
    // When each of those failures came (Stopwatch timestamp), to place them before or after what the test broke.
    private readonly ConcurrentQueue<(long At, string Answer)> _failureTimes = new();
    // Idempotency keys are visible ASCII without spaces, unlike the quotes' readable prefix.
    private readonly string _keyPrefix = Guid.NewGuid().ToString("N");
    private readonly Task[] _workers;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private int _sent;
    private int _failed;
    private int _throttled;

    private PostingLoad(HttpClient client, string prefix, int workers, bool retryWithIdempotencyKey)
    {
        _client = client;
        _prefix = prefix;
        _retryWithIdempotencyKey = retryWithIdempotencyKey;
        _workers = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => PostAsync(worker)))];
    }

    /// <summary>Every quote of this load starts with this text.</summary>
    public string Prefix => _prefix;

    /// <summary>Requests sent, retries included.</summary>
    public int Sent => _sent;

    /// <summary>Requests that got no 201 (an error status or no answer at all).</summary>
    public int Failed => _failed;

    /// <summary>Requests that got no 201 for a reason other than the rate limit (429): the store or the frontend failed them.</summary>
    public int FailedOtherThanRateLimited => _failed - _throttled;

    /// <summary>What the requests counted in <see cref="FailedOtherThanRateLimited"/> got, such as <c>1 x 503 (detail...)</c>; "none" when none failed.</summary>
    public string FailuresOtherThanRateLimited => Describe(_failures);

    /// <summary>Each distinct answer counted in <see cref="FailedOtherThanRateLimited"/>: <c>503 store unreachable</c>, or the status and the start of the body.</summary>
    public IReadOnlyCollection<string> FailureAnswers => [.. _failures.Keys];

    private static string Describe(IEnumerable<KeyValuePair<string, int>> failures) =>
        string.Join("; ", failures.OrderByDescending(failure => failure.Value).Select(failure => $"{failure.Value} x {failure.Key}")) is { Length: > 0 } text ? text : "none";

    /// <summary>Time since the clients started: to place an event of the test (a kill) among the acknowledgements.</summary>
    public TimeSpan SinceStart(long timestamp) => System.Diagnostics.Stopwatch.GetElapsedTime(_started, timestamp);

    /// <summary>
    /// When the failures counted in <see cref="FailuresOtherThanRateLimited"/> came, as seconds since
    /// <paramref name="origin"/> (a Stopwatch timestamp, such as a kill's): the first <paramref name="count"/>, or "none".
    /// </summary>
    public string FailureTimes(long origin, int count = 10) =>
        string.Join(", ", _failureTimes.OrderBy(failure => failure.At).Take(count)
            .Select(failure => $"{WithSign(SinceStart(failure.At) - SinceStart(origin))} s {failure.Answer[..Math.Min(failure.Answer.Length, 40)]}")) is { Length: > 0 } text ? text : "none";

    /// <summary>
    /// Writes what the clients saw, as seconds since <paramref name="origin"/> (a Stopwatch timestamp, such as a kill's),
    /// one line each, tab-separated: <c>ack</c> for each 201, <c>fail</c> with the answer for each failure other than the
    /// rate limit, and <c>event</c> with its name for each of the test's own <paramref name="events"/>. tools/draw-failover-timeline.sh
    /// draws the file.
    /// </summary>
    public async Task WriteTimelineAsync(string path, long origin, IEnumerable<(string Name, long At)> events)
    {
        string Seconds(long at) => (SinceStart(at) - SinceStart(origin)).TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');

        var lines = new List<(long At, string Line)>();
        lines.AddRange(_acknowledged.Values.Select(at => (at, $"{Seconds(at)}\tack\t")));
        lines.AddRange(_failureTimes.Select(failure => (failure.At, $"{Seconds(failure.At)}\tfail\t{OneLine(failure.Answer[..Math.Min(failure.Answer.Length, 60)])}")));
        lines.AddRange(events.Select(entry => (entry.At, $"{Seconds(entry.At)}\tevent\t{OneLine(entry.Name)}")));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(
            path,
            ["# seconds\twhat\tdetail", .. lines.OrderBy(line => line.At).Select(line => line.Line)],
            TestContext.Current.CancellationToken);
    }

    /// <summary>Seconds with their sign and three decimals, such as <c>+0.125</c> or <c>-1.500</c>.</summary>
    public static string WithSign(TimeSpan time) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(time < TimeSpan.Zero ? "-" : "+")}{Math.Abs(time.TotalSeconds):0.000}");

    /// <summary>The quotes that got 201.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    /// <summary>
    /// Starts <paramref name="workers"/> clients. With <paramref name="retryWithIdempotencyKey"/>, each quote carries
    /// its own Idempotency-Key and is retried until acknowledged, as a careful client would.
    /// </summary>
    public static PostingLoad Start(HttpClient client, string prefix, int workers, bool retryWithIdempotencyKey = false) =>
        new(client, prefix, workers, retryWithIdempotencyKey);

    /// <summary>
    /// The longest time no quote was acknowledged, between the first acknowledgement and the last: what the clients saw
    /// of an outage while they kept posting.
    /// </summary>
    public TimeSpan LongestSilence()
    {
        var times = _acknowledged.Values.Order().ToArray();
        var longest = times.Zip(times.Skip(1), (earlier, later) => later - earlier).DefaultIfEmpty(0).Max();
        return TimeSpan.FromSeconds((double)longest / System.Diagnostics.Stopwatch.Frequency);
    }

    /// <summary>
    /// The <paramref name="count"/> longest times no quote was acknowledged, longest first, each with when it began as
    /// time since <paramref name="origin"/> (a Stopwatch timestamp): to tell which step of a test the clients waited on.
    /// </summary>
    public IReadOnlyList<(TimeSpan Began, TimeSpan Length)> LongestSilences(int count, long origin)
    {
        static TimeSpan Span(long ticks) => TimeSpan.FromSeconds((double)ticks / System.Diagnostics.Stopwatch.Frequency);
        var times = _acknowledged.Values.Order().ToArray();
        return [.. times.Zip(times.Skip(1), (earlier, later) => (Began: Span(earlier - origin), Length: Span(later - earlier)))
            .OrderByDescending(silence => silence.Length)
            .Take(count)];
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> quotes were acknowledged in all, at most <paramref name="timeout"/>
    /// (default <see cref="Bounded.ResourceHealthy"/>: on a machine busy with the rest of the suite, 200 idempotent posts to
    /// Garnet took over 10 s). How long writes stopped is reported from <see cref="LongestSilence"/>, not bounded here.
    /// </summary>
    public async Task WaitForAcknowledgedAsync(int count, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Bounded.UntilAsync(() => Task.FromResult(_acknowledged.Count >= count), timeout ?? Bounded.ResourceHealthy, what);
        }
        catch (TimeoutException exception)
        {
            // What the posts got instead is what explains the wait.
            throw new TimeoutException(
                $"{exception.Message} {_acknowledged.Count} were, of {Sent} requests; {_throttled} were refused by the rate limit, and the others got: {FailuresOtherThanRateLimited}.",
                exception);
        }
    }

    /// <summary>Stops the clients; a retrying client first finishes the quote it is on.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(Bounded.RecoveryAfterOutage, "the posting clients to finish");
    }

    private async Task PostAsync(int worker)
    {
        for (var number = 0; !_stop.IsCancellationRequested; number++)
        {
            var quote = $"{_prefix} w{worker} #{number}";
            var key = $"{_keyPrefix}-w{worker}-{number}";
            do
            {
                var outcome = await TryPostAsync(quote, key);
                if (outcome == Outcome.Acknowledged)
                {
                    _acknowledged[quote] = System.Diagnostics.Stopwatch.GetTimestamp();
                    break;
                }

                if (outcome == Outcome.Rejected)
                {
                    // A 4xx other than 429 says the request itself is wrong: retrying cannot help.
                    break;
                }

                await Task.Delay(PauseAfterFailure);
            }
            // A retrying client keeps at its quote even when told to stop, until it is acknowledged.
            while (_retryWithIdempotencyKey && !_giveUp.IsCancellationRequested);
        }
    }

    private enum Outcome
    {
        Acknowledged,
        WorthRetrying,
        Rejected,
    }

    private async Task<Outcome> TryPostAsync(string quote, string key)
    {
        Interlocked.Increment(ref _sent);
        try
        {
            using var response = _retryWithIdempotencyKey ? await _client.PostFormOnceAsync(quote, key) : await _client.PostFormAsync(quote);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return Outcome.Acknowledged;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref _throttled);
            }
            else
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var answer = StoreUnreachable.Is(status, body) ? "503 store unreachable" : $"{status} ({body[..Math.Min(body.Length, 200)]})";
                RecordFailure(answer);
                if (status is >= 400 and < 500)
                {
                    _rejected.Enqueue($"{quote}: {status} {body}");
                    Interlocked.Increment(ref _failed);
                    return Outcome.Rejected;
                }
            }
        }
        catch (HttpRequestException exception)
        {
            // No answer: the process behind the endpoint is gone. The outcome is unknown, as for a real client.
            RecordFailure($"no answer ({exception.Message})");
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // The client's own timeout.
            RecordFailure("no answer within the client's timeout");
        }

        Interlocked.Increment(ref _failed);
        return Outcome.WorthRetrying;
    }

    private void RecordFailure(string answer)
    {
        _failures.AddOrUpdate(answer, 1, (_, count) => count + 1);
        _failureTimes.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), answer));
    }

    /// <summary>
    /// Checks the stored list against what was acknowledged and says what was sent, kept and lost. With
    /// <paramref name="atRisk"/>, quotes acknowledged between its two timestamps (the window before a store kill that
    /// the store's own guarantee leaves open, to the moment it died) may be missing, and are counted; any other loss fails.
    /// </summary>
    /// <param name="reader">A client of the frontend, to list the quotes with.</param>
    /// <param name="atRisk">The window before a kill in which the store's guarantee lets acknowledged quotes go.</param>
    /// <param name="explainLoss">What the store itself says, read only when something is missing, for the failure message.</param>
    public async Task<string> VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(HttpClient reader, (long From, long To)? atRisk = null, Func<Task<string>>? explainLoss = null)
    {
        var stored = (await reader.GetQuotesAsync()).Where(quote => quote.StartsWith(_prefix + " ", StringComparison.Ordinal)).ToList();
        var copies = stored.CountBy(quote => quote).ToDictionary(pair => pair.Key, pair => pair.Value);
        var acknowledged = Acknowledged;
        var missing = acknowledged.Where(quote => !copies.ContainsKey(quote)).ToList();
        bool InTheWindow(string quote) => atRisk is { } risk && _acknowledged[quote] >= risk.From && _acknowledged[quote] <= risk.To;
        var lost = missing.Where(quote => !InTheWindow(quote)).ToList();
        var duplicated = copies.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();
        var report = $"sent {Sent} requests, {Failed} without a 201; acknowledged {acknowledged.Count}; stored {stored.Count} " +
            $"({copies.Count} distinct, {copies.Keys.Count(quote => !_acknowledged.ContainsKey(quote))} of them never acknowledged); " +
            $"lost {lost.Count}{(atRisk is null ? "" : $" (and {missing.Count - lost.Count} acknowledged just before the kill, which the store's guarantee leaves open)")}; duplicated {duplicated.Count}";

        Assert.True(_rejected.IsEmpty, $"The service refused quotes it should have taken: {string.Join("; ", _rejected.Take(3))}");
        if (lost.Count > 0)
        {
            var explanation = explainLoss is null ? string.Empty : $"; {await explainLoss()}";
            var times = lost.Select(quote => SinceStart(_acknowledged[quote]).TotalSeconds).Order().ToList();
            var when = $"the lost were acknowledged {times[0]:F3} s to {times[^1]:F3} s after the clients started";
            Assert.Fail($"Acknowledged quotes are missing ({report}; {when}{explanation}): {string.Join(", ", lost.Take(5))}");
        }

        Assert.True(duplicated.Count == 0, $"Quotes are stored more than once ({report}): {string.Join(", ", duplicated.Take(5))}");
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        // However the test ended, no client keeps posting after it.
        await _giveUp.CancelAsync();
        await _stop.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(Bounded.RecoveryAfterOutage, "the posting clients to give up");
        _stop.Dispose();
        _giveUp.Dispose();
    }
}
