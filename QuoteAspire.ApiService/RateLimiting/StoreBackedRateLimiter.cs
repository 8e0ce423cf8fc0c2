using System.Diagnostics;
using System.Threading.RateLimiting;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// One client's limiter: each post asks <see cref="PostBudgets"/> in the store. The framework's partitioned limiter
/// keeps one of these per client and disposes it once idle; it holds no state of its own, so nothing is lost then.
/// </summary>
internal sealed class StoreBackedRateLimiter(PostBudgets budgets, string client) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The store can only be asked asynchronously. The rate limiting middleware first tries this synchronous
    // path and, when it is refused, awaits AcquireAsync, so refusing here costs nothing and decides nothing.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotAskedYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        // Store errors propagate: the exception handlers answer 503 (store away) or 507 (store full).
        var wait = await budgets.TryTakeAsync(client).ConfigureAwait(false);
        return wait is { } retryAfter ? new Lease(false, retryAfter) : Lease.Granted;
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotAskedYet = new(false, null);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
