using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// Aspire's health monitor awaits each run of a resource's checks before the next, with no bound of its own, so one run
/// that never ends freezes the resource's health as it last was. The store checks bound their runs themselves. No
/// process is started, but each run waits out the bound (10 s), so this is no Fast test.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class HealthCheckRunBoundTests
{
    [Fact]
    public async Task APingCheckWhoseConnectNeverEndsReportsUnhealthyAndTheNextRunStartsAfresh()
    {
        var store = new StoreWhoseAddressNeverResolves("stuck-store");
        var services = new ServiceCollection().AddLogging();
        services.AddOwnedHealthCheck("stuck-store_ping", () => new RedisPingHealthCheck(store));
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        foreach (var run in new[] { "first", "second" })
        {
            var report = await health.CheckHealthAsync(TestContext.Current.CancellationToken)
                .WaitAsync(Bounded.ResourceHealthy, $"the {run} run of a check whose connect never ends to report");
            var entry = Assert.Single(report.Entries).Value;
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        }

        Assert.Equal(2, store.Asked);
    }

    /// <summary>A store whose connection string is asked for and never given, whatever the caller's token says.</summary>
    private sealed class StoreWhoseAddressNeverResolves(string name) : Resource(name), IResourceWithConnectionString
    {
        private int _asked;

        public int Asked => _asked;

        public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"never");

        public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _asked);
            return new ValueTask<string?>(new TaskCompletionSource<string?>().Task);
        }
    }
}
