using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Where the graphs of one test keep their store's data: a temporary folder, and for a container store the
/// named volume that goes with it. Both are removed on dispose, once the graphs have stopped.
/// </summary>
public sealed class GraphData(RedisStoreHost host, string prefix) : IAsyncDisposable
{
    private readonly TemporaryFolder _folder = new(prefix);

    /// <summary>The folder to give <see cref="QuoteGraph.StartAsync"/> as its data directory.</summary>
    public string Path => _folder.Path;

    public async ValueTask DisposeAsync()
    {
        await QuoteGraph.RemoveStoreDataAsync(host, _folder.Path);
        _folder.Dispose();
    }
}
