namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Room on the thread pool for StackExchange.Redis's Sentinel client. When any connection to a node of a set found
/// through Sentinels fails (a replica's too), the client asks the Sentinels for the primary with blocking calls on the
/// thread pool, one per Sentinel, and again every second until that node is back. With the pool's default minimum (one
/// thread per core) those calls held every thread until the pool added more, about one each half second: on two cores,
/// posts stalled for 1 to 2 s after a replica was killed, and some answered 503 as if the store were away.
/// </summary>
internal static class SentinelClientThreads
{
    /// <summary>
    /// Threads the pool starts at once, without its injection delay: two clients (reads, and writes that wait for
    /// replicas) each block up to one per Sentinel and one for its timer, and requests need the rest.
    /// </summary>
    public const int MinimumWorkerThreads = 32;

    /// <summary>Raises the pool's minimum of worker threads to <see cref="MinimumWorkerThreads"/>; never lowers it.</summary>
    public static void Reserve()
    {
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        if (workerThreads < MinimumWorkerThreads)
        {
            ThreadPool.SetMinThreads(MinimumWorkerThreads, completionPortThreads);
        }
    }
}
