namespace Aspire.Hosting;

/// <summary>The names Redis gives the <see cref="AppendFsync"/> values.</summary>
public static class AppendFsyncNames
{
    /// <summary>The value as redis.conf and <c>redis-server --appendfsync</c> write it.</summary>
    public static string ToRedisName(this AppendFsync appendFsync) => appendFsync switch
    {
        AppendFsync.EverySecond => "everysec",
        AppendFsync.Always => "always",
        _ => throw new ArgumentOutOfRangeException(nameof(appendFsync), appendFsync, "No Redis name is defined for this value."),
    };
}
