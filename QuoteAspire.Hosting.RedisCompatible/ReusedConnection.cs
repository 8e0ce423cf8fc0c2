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

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            _connection = await connect(cancellationToken).ConfigureAwait(false);
            return _connection;
        }
        finally
        {
            _connectLock.Release();
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
