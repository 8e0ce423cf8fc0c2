using System.Diagnostics;
using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary><c>QuoteStore:CommandTimeout</c> is how long a frontend waits for a silent store before it answers 503.</summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(RedisServerFaults.Name)]
public sealed class StoreCommandTimeoutTests(RedisServerFaultsAppFixture fixture) : IAsyncLifetime
{
    // The graph is shared with the other fault tests: start from a store that is up, whatever the test before left.
    public ValueTask InitializeAsync() => new(fixture.EnsureStoreRunningAsync());

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Longer than the default second, well inside the patient frontend's five.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task AStoreSilentForLongerThanASecondGets503ByDefaultButIsWaitedForByAFrontendGivenALongerTimeout()
    {
        using var hasty = fixture.CreateGraphClient();
        using var patient = fixture.CreateFrontendClient(RedisServerFaultsAppFixture.PatientFrontend);
        // Both connected and warmed up before the store goes silent. A test before this one in the collection may have
        // killed and restarted the store (StoreKillTests): each frontend is read from once it has reconnected, which the
        // patient one, checked by nothing else, was seen not to have done yet (its first GET answered 503 at once).
        await hasty.GetQuotesAfterOutageAsync();
        await patient.GetQuotesAfterOutageAsync();

        Task<HttpResponseMessage> hastyAnswer, patientAnswer;
        var clock = Stopwatch.StartNew();
        await using (await fixture.App.PauseAsync(QuoteAppFixture.Store))
        {
            hastyAnswer = hasty.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
            patientAnswer = patient.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
            await Task.Delay(Silence, TestContext.Current.CancellationToken);
        }

        using var hastyResponse = await hastyAnswer.WaitAsync(Bounded.HttpRequest, "the default frontend's answer");
        using var patientResponse = await patientAnswer.WaitAsync(Bounded.HttpRequest, "the patient frontend's answer");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Store silent for {Silence.TotalSeconds} s: default frontend {(int)hastyResponse.StatusCode}, frontend with {RedisServerFaultsAppFixture.PatientTimeout} {(int)patientResponse.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hastyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patientResponse.StatusCode);
    }
}
