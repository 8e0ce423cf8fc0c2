using System.Diagnostics;
using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// A store that goes silent for longer than four command timeouts (Garnet waiting on a stalled disk, say). The Redis
/// client then takes its connection for dead and opens a new one (StackExchange.Redis does so once nothing has been
/// read for four timeouts while commands time out); until that connects, every call fails at once, so callers get the
/// 503 in milliseconds rather than after the timeout. This is the "frontend without a store connection for about 2 s"
/// once seen in CI: 503s answered in 3 to 9 ms.
/// </summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(GarnetFaults.Name)]
public sealed class SilentStoreTests(GarnetFaultsAppFixture fixture) : IAsyncLifetime
{
    // The graph is shared with the other fault tests: start from a store that is up, whatever the test before left.
    public ValueTask InitializeAsync() => new(fixture.EnsureStoreRunningAsync());

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Over four of the frontend's one-second timeouts, counted in whole seconds by the client.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(7);

    /// <summary>An answer this quick did not wait for the store: the client had no connection to send it on.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task AStoreSilentForOverFourTimeoutsIsReconnectedToAndMeanwhileCallersGet503AtOnce()
    {
        using var client = fixture.CreateGraphClient();
        await client.GetQuotesAsync();
        var answers = new List<(TimeSpan At, HttpStatusCode Status, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();

        await using (await fixture.App.PauseAsync(QuoteAppFixture.Store))
        {
            while (clock.Elapsed < Silence)
            {
                var sent = clock.Elapsed;
                using var response = await client.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
                answers.Add((sent, response.StatusCode, clock.Elapsed - sent));
                await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
            }
        }

        var resumed = clock.Elapsed;
        var back = await Bounded.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            },
            Bounded.RecoveryAfterOutage,
            "the frontend to answer 200 once the store speaks again");
        var firstAtOnce = answers.FirstOrDefault(answer => answer.Took < AtOnce && answer.At > TimeSpan.FromSeconds(1));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Store silent {Silence.TotalSeconds:F0} s: {answers.Count} reads, all {string.Join(", ", answers.Select(answer => (int)answer.Status).Distinct())}; " +
            $"the first answered at once was sent {firstAtOnce.At.TotalSeconds:F1} s in ({firstAtOnce.Took.TotalMilliseconds:F0} ms); " +
            $"200 again {back.TotalSeconds:F1} s after the store resumed at {resumed.TotalSeconds:F1} s; " +
            $"each read (sent at, took): {string.Join("; ", answers.Select(answer => $"{answer.At.TotalSeconds:F1} s {answer.Took.TotalMilliseconds:F0} ms"))}");

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status));
        Assert.True(
            answers.Any(answer => answer.At > TimeSpan.FromSeconds(4) && answer.Took < AtOnce),
            $"No call failed at once after four timeouts of silence: the connection was not given up. Answers (sent at, took): {string.Join("; ", answers.Select(answer => $"{answer.At.TotalSeconds:F1} s {answer.Took.TotalMilliseconds:F0} ms"))}");
    }
}
