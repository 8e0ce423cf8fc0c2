using System.Globalization;
using System.Text;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>The redis.conf that <c>redis-server</c> reads as its first argument.</summary>
public sealed record RedisServerConfig(string DataDirectory, AppendFsync AppendFsync)
    : RedisCompatibleServerConfig(DataDirectory, AppendFsync)
{
    /// <inheritdoc />
    public override string FileName => "redis.conf";

    /// <summary>The memory Redis may fill before it refuses writes (never evicting), such as <c>384mb</c>; null for no limit.</summary>
    public string? MaxMemory { get; init; }

    /// <inheritdoc />
    public override string Render(string password)
    {
        ArgumentNullException.ThrowIfNull(password);

        string[] lines =
        [
            "# Written by the AppHost at each start. It holds the server's password: only its owner may read it.",
            $"bind {LoopbackAddress}",
            $"requirepass {Quote(password)}",
            $"dir {Quote(DataDirectory)}",
            // Redis writes each command to the file before it replies, whatever appendfsync says.
            "appendonly yes",
            $"appendfsync {AppendFsync.ToRedisName()}",
            // The append-only file is the one copy; RDB snapshots would only add an older second one.
            "save \"\"",
            .. MaxMemory is null ? Array.Empty<string>() : [$"maxmemory {MaxMemory}", "maxmemory-policy noeviction"],
        ];
        return string.Join('\n', lines) + "\n";
    }

    // redis.conf reads a double-quoted value with C-like escapes, so any password or path reads back as written.
    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"", value.Length + 2);
        foreach (var character in value)
        {
            _ = character switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                < ' ' or '\x7f' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:x2}"),
                _ => quoted.Append(character),
            };
        }

        return quoted.Append('"').ToString();
    }
}
