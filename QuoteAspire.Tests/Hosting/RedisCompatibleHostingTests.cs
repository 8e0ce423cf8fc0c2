using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// The hosting library QuoteAspire.Hosting.RedisCompatible on a model of its own, as Aspire tests its hosting packages:
/// what each verb adds (resources, endpoints, arguments, health checks, configuration), with no app of ours and no process.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class RedisCompatibleHostingTests
{
    private const string Password = "hosting-test-password";

    private static IDistributedApplicationBuilder NewBuilder() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });

    private static string DataDirectory(string name) => Path.Combine(Path.GetTempPath(), "quoteaspire-hosting-tests", name);

    [Fact]
    public async Task RedisServerExecutableRunsTheProgramWithItsConfigurationFileAndAPortBehindTheProxy()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var cache = builder.AddRedisServerExecutable("cache", password, DataDirectory("cache")).Resource;

        Assert.Equal(("redis-server", builder.AppHostDirectory), (cache.Command, cache.WorkingDirectory));
        var endpoint = Assert.Single(cache.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal((RedisCompatibleServerResource.PrimaryEndpointName, "tcp", true), (endpoint.Name, endpoint.UriScheme, endpoint.IsProxied));
        var arguments = await ModelInspection.GetArgumentsAsync(cache);
        Assert.Equal(3, arguments.Count);
        Assert.Equal("redis.conf", Path.GetFileName(Assert.IsType<string>(arguments[0])));
        Assert.Equal("--port", arguments[1]);
        var port = Assert.IsType<EndpointReferenceExpression>(arguments[2]);
        Assert.Equal((RedisCompatibleServerResource.PrimaryEndpointName, EndpointProperty.TargetPort), (port.Endpoint.EndpointName, port.Property));
    }

    [Fact]
    public async Task GarnetRunsAsTheRepositorysLocalToolWithItsConfigurationImported()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var cache = builder.AddGarnetExecutable("cache", password, DataDirectory("garnet")).Resource;

        Assert.Equal("dotnet", cache.Command);
        var arguments = await ModelInspection.GetArgumentsAsync(cache);
        Assert.Equal(["tool", "run", RedisCompatibleServerBuilderExtensions.GarnetToolCommand, "--", "--config-import-path"], arguments.Take(5));
        Assert.Equal("--port", arguments[6]);
        Assert.IsType<EndpointReferenceExpression>(arguments[7]);
        Assert.IsType<GarnetServerConfig>(cache.Config);
    }

    [Fact]
    public void EachServerIsHealthyOnlyThroughAPingCheckOfItsOwn()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var first = builder.AddRedisServerExecutable("first", password, DataDirectory("first")).Resource;
        var second = builder.AddGarnetExecutable("second", password, DataDirectory("second")).Resource;

        Assert.Equal("first_ping", Assert.Single(first.Annotations.OfType<HealthCheckAnnotation>()).Key);
        Assert.Equal("second_ping", Assert.Single(second.Annotations.OfType<HealthCheckAnnotation>()).Key);
    }

    [Fact]
    public async Task ClientsGetTheServersAddressAndPasswordInAspiresRedisConnectionStringShape()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);
        var cache = builder.AddRedisServerExecutable("cache", password, DataDirectory("cache")).Resource;
        var endpoint = Assert.Single(cache.Annotations.OfType<EndpointAnnotation>());
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 16400);

        var connectionString = await cache.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal($"localhost:16400,password={Password}", connectionString);
    }

    [Theory]
    [InlineData(AppendFsync.EverySecond, "everysec")]
    [InlineData(AppendFsync.Always, "always")]
    public void RedisServersConfigurationKeepsAnAppendOnlyFileOnLoopbackWithThePassword(AppendFsync appendFsync, string expected)
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var cache = builder.AddRedisServerExecutable("cache", password, DataDirectory("cache"), appendFsync, maxMemory: "64mb").Resource;
        var lines = cache.Config.Render(Password).Split('\n');

        Assert.Contains("bind 127.0.0.1", lines);
        Assert.Contains($"requirepass \"{Password}\"", lines);
        Assert.Contains($"dir \"{DataDirectory("cache")}\"", lines);
        Assert.Contains("appendonly yes", lines);
        Assert.Contains($"appendfsync {expected}", lines);
        Assert.Contains("maxmemory 64mb", lines);
        Assert.Contains("maxmemory-policy noeviction", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("replicaof", StringComparison.Ordinal) || line.StartsWith("min-replicas", StringComparison.Ordinal));
    }

    [Fact]
    public void AReplicatedSetHasANodePerReplicaAndTheirPrimaryAndThreeSentinelsAllUnderTheSet()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var set = builder.AddReplicatedRedisServerExecutables("cache", password, DataDirectory("set"), replicas: 2, minReplicasToWrite: 1).Resource;

        Assert.Equal(["cache-0", "cache-1", "cache-2"], set.Nodes.Select(node => node.Name));
        Assert.Equal(["cache-sentinel-0", "cache-sentinel-1", "cache-sentinel-2"], set.Sentinels.Select(sentinel => sentinel.Name));
        Assert.Equal((2, 1), (set.SentinelConfig.Quorum, set.MinReplicasToWrite));
        Assert.Equal("cache-0", set.FirstPrimary.Name);
        var members = builder.Resources.Where(resource => resource != set).ToList();
        Assert.All(members.Where(resource => resource is not ParameterResource), member =>
            Assert.Contains(member.Annotations.OfType<ResourceRelationshipAnnotation>(), relation => relation.Type == "Parent" && relation.Resource == set));
        Assert.Equal("cache_writable", Assert.Single(set.Annotations.OfType<HealthCheckAnnotation>()).Key);
    }

    [Fact]
    public void EveryNodeOfASetGetsTheSameReplicationLinesWhicheverRoleItStartsIn()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var set = builder.AddReplicatedRedisServerExecutables("cache", password, DataDirectory("set"), maxMemory: "32mb", replicas: 2, minReplicasToWrite: 1).Resource;

        Assert.All(set.Nodes.Cast<RedisCompatibleServerResource>(), node =>
        {
            var lines = node.Config.Render(Password).Split('\n');
            Assert.Contains("min-replicas-to-write 1", lines);
            Assert.Contains($"min-replicas-max-lag {RedisServerConfig.MaxReplicaLagSeconds}", lines);
            Assert.Contains($"masterauth \"{Password}\"", lines);
            Assert.Contains("maxmemory 32mb", lines);
            // Each node keeps its files apart: a folder named after it.
            Assert.Equal(Path.Combine(DataDirectory("set"), node.Name), node.Config.DataDirectory);
        });
    }

    [Fact]
    public void ASetsNodesAndSentinelsListenOnFixedPortsThatSurviveARestart()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        var set = builder.AddReplicatedRedisServerExecutables("cache", password, DataDirectory("set")).Resource;

        var endpoints = set.Nodes.Concat<IResource>(set.Sentinels)
            .Select(member => Assert.Single(member.Annotations.OfType<EndpointAnnotation>()))
            .ToList();
        // The Sentinels name nodes by address: a port that changed at a node's restart would lose it.
        Assert.All(endpoints, endpoint => Assert.False(endpoint.IsProxied));
        Assert.All(endpoints, endpoint => Assert.Equal(endpoint.Port, endpoint.TargetPort));
        Assert.Equal(endpoints.Count, endpoints.Select(endpoint => endpoint.Port).Distinct().Count());
    }

    [Fact]
    public void AServerRefusesADataFolderThatIsNotGiven()
    {
        var builder = NewBuilder();
        var password = builder.AddParameter("cache-password", Password, secret: true);

        Assert.Throws<ArgumentException>(() => builder.AddRedisServerExecutable("cache", password, " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddReplicatedRedisServerExecutables("cache", password, DataDirectory("set"), replicas: 1, minReplicasToWrite: 2));
    }
}
