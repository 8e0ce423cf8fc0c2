using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// An RDB file (a backup from <c>redis-cli --rdb</c>) served read-only by a throwaway <c>redis-server</c> on loopback,
/// so its keys can be read with any Redis client and copied into a live store with DUMP and RESTORE. The server, its
/// private copy of the file and its configuration go when this is disposed.
/// </summary>
public sealed class RedisDumpFile : IAsyncDisposable
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _server;
    private readonly PrivateConfigFile _config;

    private RedisDumpFile(Process server, PrivateConfigFile config, ConnectionMultiplexer connection)
    {
        _server = server;
        _config = config;
        Connection = connection;
    }

    /// <summary>A connection to the server holding the file's data.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>Starts redis-server on a copy of <paramref name="rdbFile"/> and connects once it has loaded.</summary>
    public static async Task<RedisDumpFile> OpenAsync(string rdbFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rdbFile);

        var config = new PrivateConfigFile("redis.conf");
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var port = LoopbackPorts.Reserve(1)[0];
        config.Write(string.Join('\n',
            "# A throwaway server that reads one backup.",
            $"bind {RedisCompatibleServerConfig.LoopbackAddress}",
            string.Create(CultureInfo.InvariantCulture, $"port {port}"),
            $"requirepass {RedisServerConfig.Quote(password)}",
            $"dir {RedisServerConfig.Quote(config.FolderPath)}",
            "dbfilename backup.rdb",
            "appendonly no",
            "save \"\"",
            string.Empty));
        File.Copy(rdbFile, Path.Combine(config.FolderPath, "backup.rdb"));

        var start = new ProcessStartInfo(RedisCompatibleServerBuilderExtensions.RedisServerProgram) { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(config.FilePath);
        Process server;
        try
        {
            server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            config.Delete();
            throw new InvalidOperationException($"Reading a backup needs redis-server on the PATH ({exception.Message}).", exception);
        }

        server.OutputDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        try
        {
            var options = new ConfigurationOptions { Password = password, AbortOnConnectFail = false, ConnectTimeout = 2_000, AllowAdmin = true };
            options.EndPoints.Add(RedisCompatibleServerConfig.LoopbackAddress, port);
            var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            var loaded = Stopwatch.StartNew();
            while (!await IsLoadedAsync(connection).ConfigureAwait(false))
            {
                if (loaded.Elapsed > LoadTimeout || server.HasExited)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"redis-server did not load {rdbFile} within {LoadTimeout.TotalSeconds:F0} s (exited: {server.HasExited}).");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }

            return new(server, config, connection);
        }
        catch
        {
            server.Kill();
            server.Dispose();
            config.Delete();
            throw;
        }
    }

    // PING answers LOADING until the file is read, and fails until the server listens.
    private static async Task<bool> IsLoadedAsync(ConnectionMultiplexer connection)
    {
        try
        {
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisServerException or RedisTimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        if (!_server.HasExited)
        {
            _server.Kill();
            await _server.WaitForExitAsync().ConfigureAwait(false);
        }

        _server.Dispose();
        _config.Delete();
    }
}
