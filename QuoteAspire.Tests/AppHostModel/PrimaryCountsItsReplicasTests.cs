using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// The set is shown in sync and writable only as far as its primary agrees: its <c>INFO replication</c> (as Redis 7.0
/// answers, line ends and all) decides over the Sentinels' listing, which may be ten seconds old. A replica restarted
/// within those seconds is listed with its old process's link up while the primary still waits to stream it a copy, and
/// refuses writes (<c>NOREPLICAS</c>): the dashboard said healthy, and the posts sent on its word got 503.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class PrimaryCountsItsReplicasTests
{
    private const int MaxLag = 10;
    private const string First = "127.0.0.1:16402";
    private const string Second = "127.0.0.1:16403";

    // Both replicas streamed to and heard from: what a whole set's primary answers.
    private const string BothOnline =
        "# Replication\r\nrole:master\r\nconnected_slaves:2\r\nmin_slaves_good_slaves:2\r\n"
        + "slave0:ip=127.0.0.1,port=16402,state=online,offset=4021,lag=0\r\n"
        + "slave1:ip=127.0.0.1,port=16403,state=online,offset=4021,lag=1\r\n"
        + "master_failover_state:no-failover\r\nmaster_replid:3ee83369ac087ee0812c1e4ecd484552837bad71\r\nmaster_repl_offset:4021\r\n";

    // A replica that has just connected, waiting for the primary's copy: no replica counts yet.
    private const string WaitingForItsCopy =
        "# Replication\r\nrole:master\r\nconnected_slaves:1\r\nmin_slaves_good_slaves:0\r\n"
        + "slave0:ip=127.0.0.1,port=16402,state=wait_bgsave,offset=0,lag=0\r\n"
        + "master_failover_state:no-failover\r\nmaster_repl_offset:0\r\n";

    [Fact]
    public void APrimaryCountsTheReplicasItStreamsToAndHeardFromWithinTheLag()
    {
        var counted = PrimaryReplicationInfo.Parse(BothOnline, MaxLag);

        Assert.Equal(2, counted.GoodReplicas);
        Assert.Equal([First, Second], counted.ReplicasInSync.Order());
    }

    [Fact]
    public void AReplicaWaitingForItsCopyOrSilentPastTheLagIsNotInSync()
    {
        Assert.Empty(PrimaryReplicationInfo.Parse(WaitingForItsCopy, MaxLag).ReplicasInSync);
        Assert.Equal(0, PrimaryReplicationInfo.Parse(WaitingForItsCopy, MaxLag).GoodReplicas);

        var silent = PrimaryReplicationInfo.Parse(BothOnline.Replace("port=16403,state=online,offset=4021,lag=1", "port=16403,state=online,offset=3990,lag=11", StringComparison.Ordinal), MaxLag);
        Assert.Equal([First], silent.ReplicasInSync);
    }

    [Fact]
    public void AReplicaTheSentinelsListInSyncIsShownSoOnlyWhenThePrimaryCountsIt()
    {
        var counted = PrimaryReplicationInfo.Parse(WaitingForItsCopy, MaxLag);

        Assert.Equal("replica, not yet counted by the primary", RedisReplicatedSetMonitor.CountedByThePrimary(RedisReplicatedSetResource.ReplicaRole, First, counted));
        Assert.Equal(RedisReplicatedSetResource.ReplicaRole, RedisReplicatedSetMonitor.CountedByThePrimary(RedisReplicatedSetResource.ReplicaRole, First, PrimaryReplicationInfo.Parse(BothOnline, MaxLag)));
        Assert.Equal("replica, primary not answering", RedisReplicatedSetMonitor.CountedByThePrimary(RedisReplicatedSetResource.ReplicaRole, First, primary: null));
        // What the Sentinels already hold against a replica stands, whatever the primary says.
        Assert.Equal("down", RedisReplicatedSetMonitor.CountedByThePrimary("down", First, PrimaryReplicationInfo.Parse(BothOnline, MaxLag)));
    }

    [Theory]
    [InlineData(BothOnline, 2, true)]
    [InlineData(BothOnline, 0, false)]
    [InlineData(WaitingForItsCopy, 1, false)]
    public void TheSetTakesWritesOnlyWhenThePrimaryAndTheSentinelsBothCountEnoughReplicas(string info, int inSyncAsShown, bool takesWrites) =>
        Assert.Equal(takesWrites, RedisReplicatedSetMonitor.TakesWrites(PrimaryReplicationInfo.Parse(info, MaxLag), inSyncAsShown, minReplicasToWrite: 1));

    [Fact]
    public void ASetWhosePrimaryDoesNotAnswerTakesNoWrites() =>
        Assert.False(RedisReplicatedSetMonitor.TakesWrites(primary: null, replicasInSync: 2, minReplicasToWrite: 1));
}
