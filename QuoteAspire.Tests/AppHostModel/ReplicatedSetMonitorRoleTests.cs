using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// The role the dashboard shows for a node that a Sentinel lists as a replica, from the fields of <c>SENTINEL REPLICAS</c>
/// as Redis 7 gives them: only a node that itself reports following the current primary, link up, counts as in sync.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ReplicatedSetMonitorRoleTests
{
    private const string PrimaryHost = "127.0.0.1";
    private const string PrimaryPort = "34977";

    private static bool IsPrimary(string host, string port) => host == PrimaryHost && port == PrimaryPort;

    // One replica's listing, as a Sentinel gives it once the node has reported itself a replica of the primary.
    private static Dictionary<string, string> Listed(params (string Field, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "127.0.0.1:35011",
            ["ip"] = "127.0.0.1",
            ["port"] = "35011",
            ["flags"] = "slave",
            ["role-reported"] = "slave",
            ["master-link-status"] = "ok",
            ["master-host"] = PrimaryHost,
            ["master-port"] = PrimaryPort,
            ["slave-repl-offset"] = "1847213",
        };
        foreach (var (field, value) in changes)
        {
            fields[field] = value;
        }

        return fields;
    }

    [Fact]
    public void AReplicaOfThePrimaryWithItsLinkUpIsInSync() =>
        Assert.Equal(RedisReplicatedSetResource.ReplicaRole, RedisReplicatedSetMonitor.ReplicaRole(Listed(), IsPrimary));

    [Fact]
    public void ANodeListedAsAReplicaThatReportsItselfAPrimaryIsNotInSync() =>
        // A failover attempt by another Sentinel promoted it; the winning one lists it as a replica before it is told.
        Assert.Equal("reports itself master, not yet a replica", RedisReplicatedSetMonitor.ReplicaRole(Listed(("role-reported", "master")), IsPrimary));

    [Fact]
    public void AReplicaStillFollowingTheFormerPrimaryIsNotInSyncEvenWithItsLinkUp() =>
        Assert.Equal("replica of a former primary", RedisReplicatedSetMonitor.ReplicaRole(Listed(("master-port", "34981")), IsPrimary));

    [Fact]
    public void AReplicaOfThePrimaryWhoseLinkIsDownIsSyncing() =>
        Assert.Equal("replica, syncing", RedisReplicatedSetMonitor.ReplicaRole(Listed(("master-link-status", "err")), IsPrimary));

    [Theory]
    [InlineData("slave,s_down")]
    [InlineData("slave,disconnected")]
    public void AReplicaTheSentinelHoldsDownOrCannotReachIsDown(string flags) =>
        Assert.Equal("down", RedisReplicatedSetMonitor.ReplicaRole(Listed(("flags", flags)), IsPrimary));
}
