using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The first step of each member of the replicated store run as local containers (<c>store-start.sh announce</c>, which
/// its data-node and sentinel roles start with), run by <c>/bin/sh</c> as the image runs it, on a hosts file of the
/// test's own: the container's address comes from a stand-in <c>hostname</c>.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PeerHostsScriptTests : IDisposable
{
    private const int FileSize = 4096;

    private readonly TemporaryFolder _folder = new("quoteaspire-peer-hosts-");

    private string HostsFile => Path.Combine(_folder.Path, PeerHostsFolder.FileName);

    public PeerHostsScriptTests() =>
        File.WriteAllText(HostsFile, "127.0.0.1 localhost".PadRight(FileSize - 1) + "\n");

    [Fact]
    public async Task EachMemberWritesItsAddressUnderItsNameAndTheFileKeepsItsSize()
    {
        await RegisterAsync("quote-store-0", "10.89.0.2");
        await RegisterAsync("quote-store-sentinel-0", "10.89.0.3");

        Assert.Equal(["127.0.0.1 localhost", "10.89.0.2 quote-store-0", "10.89.0.3 quote-store-sentinel-0"], Lines());
        Assert.Equal(FileSize, new FileInfo(HostsFile).Length);
    }

    [Fact]
    public async Task AMemberStartedAgainReplacesItsOwnLineAndTakesItsAddressFromAnyStaleLine()
    {
        await RegisterAsync("quote-store-0", "10.89.0.2");
        await RegisterAsync("quote-store-1", "10.89.0.3");

        // quote-store-0 died (its line stays, as a pod's name outlives it); quote-store-1 started again on its old address.
        await RegisterAsync("quote-store-1", "10.89.0.2");

        Assert.Equal(["127.0.0.1 localhost", "10.89.0.2 quote-store-1"], Lines());
        Assert.Equal(FileSize, new FileInfo(HostsFile).Length);
    }

    [Fact]
    public async Task AContainerWithoutAnIpv4AddressStopsWithAMessage()
    {
        var (exitCode, output) = await RunAsync("quote-store-0", "fe80::1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no IPv4 address to announce as quote-store-0", output, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1 localhost"], Lines());
    }

    private async Task RegisterAsync(string name, string address)
    {
        var (exitCode, output) = await RunAsync(name, address);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"{name} is at {address}", output, StringComparison.Ordinal);
    }

    // The script as the image runs it, with a `hostname` that answers `-I` with the given addresses.
    private async Task<(int ExitCode, string Output)> RunAsync(string name, string addresses)
    {
        var run = new ShellScriptRun(_folder.Path);
        await run.StandInAsync("hostname", $"echo '{addresses}'");
        return await run.RunAsync(
            PeerScriptFile.ShellArguments(PeerScriptFile.StoreStart, "announce", "--self", name, "--hosts-file", HostsFile),
            new Dictionary<string, string>());
    }

    private string[] Lines() =>
        [.. File.ReadAllLines(HostsFile).Select(line => line.TrimEnd()).Where(line => line.Length > 0)];

    public void Dispose() => _folder.Dispose();
}
