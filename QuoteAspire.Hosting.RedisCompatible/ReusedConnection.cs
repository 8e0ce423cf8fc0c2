using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// One connection that a health check keeps between its runs, made again only once it is lost, and closed with the
/// check when the app stops: a check that connected afresh every few seconds would flood the server's log.
/// </summary>
internal sealed class ReusedConnection(Func<CancellationToken, Task<ConnectionMultiplexer>> connect) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsConnected: true } connected)
        {
            return connected;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsConnected: true } raced)
            {
                return raced;
            }

            await CloseAsync().ConfigureAwait(false);

            // The check's own bound ends the wait even when the connect does not honour it; a connection that arrives
            // after the check gave up is closed, not leaked, and the next run connects again.
            var connecting = connect(cancellationToken);
            try
            {
                _connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _ = connecting.ContinueWith(
                    late => late.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw;
            }

            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>
    /// Closes the kept connection after a run it failed, so the next run connects afresh. A connection can look connected
    /// and answer nothing: a proxy in front of the server (Aspire's, for one) may hold the client's side open after the
    /// server behind it died, and a connection that only timed out is never made again by the client on its own.
    /// </summary>
    public async Task DropAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    // Under the lock: the kept connection closed and forgotten.
    private async Task CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectLock.Dispose();
    }
}
