using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// A started graph's replicated store, as a test sees it: what the dashboard shows of each part, and what each node
/// says of itself when asked directly.
/// </summary>
public sealed class ReplicatedSet(DistributedApplication app)
{
    /// <summary>How long the Sentinels may take to see the primary gone and promote a replica: their own settings make it seconds.</summary>
    public static readonly TimeSpan Failover = TimeSpan.FromSeconds(30);

    public RedisReplicatedSetResource Resource { get; } = app.Services.GetRequiredService<DistributedApplicationModel>()
        .Resources.OfType<RedisReplicatedSetResource>().Single();

    /// <summary>The node the dashboard names as the set's primary now.</summary>
    public string Primary => PropertyOf(Resource.Name, RedisReplicatedSetResource.PrimaryProperty)
        ?? throw new InvalidOperationException($"{Resource.Name} names no primary yet.");

    /// <summary>The nodes the dashboard shows as replicas now.</summary>
    public IReadOnlyList<string> Replicas =>
        [.. Resource.Nodes.Select(node => node.Name).Where(node => PropertyOf(node, RedisReplicatedSetResource.RoleProperty) == RedisReplicatedSetResource.ReplicaRole)];

    /// <summary>The role the dashboard shows for <paramref name="node"/>.</summary>
    public string? RoleShownFor(string node) => PropertyOf(node, RedisReplicatedSetResource.RoleProperty);

    /// <summary>Waits until the dashboard names a primary other than <paramref name="previous"/>, and returns it.</summary>
    public async Task<string> WaitForPrimaryOtherThanAsync(string previous)
    {
        var update = await app.WaitForInstanceAsync(
            Resource.Name,
            state => PropertyIn(state.Snapshot, RedisReplicatedSetResource.PrimaryProperty) is { } primary && primary != previous,
            $"the Sentinels to promote a replica in place of {previous}, within {Failover.TotalSeconds:F0} s",
            byResourceNameToo: true).WaitAsync(Failover, $"a failover away from {previous}");
        return PropertyIn(update.Snapshot, RedisReplicatedSetResource.PrimaryProperty)!;
    }

    /// <summary>Waits until the dashboard shows <paramref name="node"/> in <paramref name="role"/>.</summary>
    public Task WaitForRoleAsync(string node, string role) =>
        app.WaitForInstanceAsync(
            node,
            state => PropertyIn(state.Snapshot, RedisReplicatedSetResource.RoleProperty) == role,
            $"{node} to be shown as {role}",
            byResourceNameToo: true);

    /// <summary>Waits until the set is writable again: a primary with a replica in sync, as its health says.</summary>
    public Task WaitUntilWritableAsync(string what) =>
        app.WaitForInstanceAsync(
            Resource.Name,
            state => state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            what,
            byResourceNameToo: true);

    /// <summary>
    /// Waits until the set is whole as the Sentinels see it: writable, and every node the primary or a replica in sync.
    /// A node started again has a new address on the containers' network, and the Sentinels may take many seconds to find
    /// it there; until they do, they cannot promote it, so a test that kills the primary starts from a whole set.
    /// </summary>
    public async Task WaitUntilWholeAsync(string what)
    {
        await WaitUntilWritableAsync(what);
        foreach (var node in Resource.Nodes.Select(node => node.Name))
        {
            await app.WaitForInstanceAsync(
                node,
                state => PropertyIn(state.Snapshot, RedisReplicatedSetResource.RoleProperty) is RedisReplicatedSetResource.PrimaryRole or RedisReplicatedSetResource.ReplicaRole,
                $"{node} to be seen by the Sentinels as the primary or a replica in sync: {what}",
                byResourceNameToo: true);
        }
    }

    /// <summary>
    /// Asks <paramref name="node"/> itself (<c>ROLE</c>) what it is, and, when it is a replica, the address of its primary
    /// as the set names it (<c>127.0.0.1:PORT</c> for programs, <c>NAME:6379</c> for containers).
    /// </summary>
    public async Task<(string Role, string? PrimaryAddress)> AskRoleAsync(string node)
    {
        var connectionString = await NodeNamed(node).GetConnectionStringAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, $"the connection string of {node}");
        var options = ConfigurationOptions.Parse(connectionString!);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2_000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(Bounded.ResourceHealthy, $"a connection to {node}");
        var role = await connection.GetServer(connection.GetEndPoints()[0]).RoleAsync().WaitAsync(Bounded.ResourceHealthy, $"{node} to answer ROLE");
        return role is Role.Replica replica ? (role.Value, $"{replica.MasterIp}:{replica.MasterPort}") : (role.Value, null);
    }

    /// <summary>The address <paramref name="node"/> announces to the set, by which the others name it.</summary>
    public async Task<string> AddressOfAsync(string node) =>
        (await NodeNamed(node).AnnouncedAddress.GetValueAsync(TestContext.Current.CancellationToken))!;

    private IRedisReplicatedSetNode NodeNamed(string node) => Resource.Nodes.Single(resource => resource.Name == node);

    /// <summary>Pauses (SIGSTOP) or resumes (SIGCONT) <paramref name="node"/>'s process: alive and connected, but silent.</summary>
    public async Task SignalAsync(string node, string signal)
    {
        var (exitCode, output) = await ExternalTool.RunAsync("kill", $"-{signal}", app.ProcessIdOf(node).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, $"kill -{signal} of {node} failed: {output}");
    }

    private string? PropertyOf(string resource, string property)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var current), $"Aspire knows no resource '{resource}'.");
        return PropertyIn(current.Snapshot, property);
    }

    private static string? PropertyIn(CustomResourceSnapshot snapshot, string property) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == property)?.Value as string;
}
