using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Secrets;

/// <summary>
/// The store password of a running graph is nowhere but where it must be. On the Garnet graph the AppHost
/// generates it, as it does for a developer; see the classes at the end of this file.
/// </summary>
public abstract class SecretExposureTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    private string Password()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        Assert.True(fixture.StorePassword.Length >= 32, "The store password is at least 32 characters.");
        return fixture.StorePassword;
    }

    [Fact]
    public async Task TheStorePasswordAppearsInNoResourceConsoleLog()
    {
        var password = Password();
        var logs = fixture.App.Services.GetRequiredService<ResourceLoggerService>();
        var lines = 0;

        foreach (var resource in fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(TestContext.Current.CancellationToken))
            {
                foreach (var line in batch)
                {
                    lines++;
                    Assert.False(line.Content.Contains(password, StringComparison.Ordinal), $"{resource.Name} logged the store password: {line.Content.Replace(password, "***", StringComparison.Ordinal)}");
                }
            }
        }

        Assert.True(lines > 0, "The resources' console logs were read (there were none, so nothing was checked).");
    }

    [Fact]
    public void TheStorePasswordAppearsInNoAppHostLog()
    {
        var password = Password();
        var lines = fixture.AppHostLogs.Lines;

        Assert.NotEmpty(lines);
        var leaks = lines.Where(line => line.Contains(password, StringComparison.Ordinal)).Select(line => line.Replace(password, "***", StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, $"The AppHost logged the store password:\n{string.Join('\n', leaks)}");
    }

    [Fact]
    public async Task NoFileTheRepositoryWouldCommitHoldsTheStorePassword()
    {
        var password = Password();
        // Tracked files, and new files git would offer to commit (not the ignored bin/, obj/ or .data/).
        var (exitCode, listing) = await ExternalTool.RunAsync("git", ["-C", Repository.Root, "ls-files", "--cached", "--others", "--exclude-standard"], null, ExternalTool.DefaultTimeout);
        Assert.Equal(0, exitCode);
        var files = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(path => Path.Combine(Repository.Root, path))
            .Where(File.Exists)
            .ToList();

        Assert.True(files.Count > 50, $"Only {files.Count} files were listed: the scan would prove nothing.");
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"{Path.GetRelativePath(Repository.Root, file)} holds the store password of this run.");
        }
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class SecretExposureOnRedisServerTests(RedisServerAppFixture fixture)
    : SecretExposureTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class SecretExposureOnGarnetTests(GarnetAppFixture fixture)
    : SecretExposureTests<GarnetAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(ContainerGraph.Name)]
public sealed class SecretExposureInContainerTests(ContainerAppFixture fixture)
    : SecretExposureTests<ContainerAppFixture>(fixture);
