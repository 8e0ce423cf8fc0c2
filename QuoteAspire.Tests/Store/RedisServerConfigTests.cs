using System.Diagnostics;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>The redis.conf the AppHost writes, read by the real redis-server.</summary>
[Trait(Tier.Name, Tier.Graph)]
public sealed class RedisServerConfigTests
{
    [Fact]
    public async Task RedisServerReadsAPasswordAndFolderWithQuotesBackslashesAndSpacesAsWritten()
    {
        var missing = QuoteGraph.MissingPrerequisite(RedisStoreHost.RedisServer);
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);
        using var folder = new TemporaryFolder("quoteaspire-config-");
        var dataDirectory = Path.Combine(folder.Path, "a \"quoted\" data\\folder");
        Directory.CreateDirectory(dataDirectory);
        const string password = "a pass\"word\\ with 'everything' #1";
        var configFile = Path.Combine(folder.Path, "redis.conf");
        var socket = Path.Combine(folder.Path, "redis.sock");
        File.WriteAllText(configFile, new RedisServerConfig(dataDirectory, AppendFsync.Always).Render(password));

        // No TCP port at all: the test talks to it over a socket in its own folder.
        using var server = Process.Start(new ProcessStartInfo("redis-server", [configFile, "--port", "0", "--unixsocket", socket])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            await Bounded.UntilAsync(() => Task.FromResult(File.Exists(socket)), Bounded.ResourceHealthy, "redis-server to open its socket");
            var options = new ConfigurationOptions { EndPoints = { new UnixDomainSocketEndPoint(socket) }, Password = password, AllowAdmin = true };
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var settings = (await redis.GetServers().Single().ConfigGetAsync("*"))
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

            Assert.Equal(dataDirectory, settings["dir"]);
            Assert.Equal("yes", settings["appendonly"]);
            Assert.Equal("always", settings["appendfsync"]);
            Assert.Equal("127.0.0.1", settings["bind"]);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Bounded.AppStop, "the test's redis-server to exit");
        }
    }
}
