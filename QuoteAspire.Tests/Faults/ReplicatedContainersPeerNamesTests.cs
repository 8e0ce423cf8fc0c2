using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// The replicated store's members, run as local containers, find each other through the set's shared hosts file
/// (<see cref="PeerHostsFolder"/>), never through the container runtime's DNS, whose stalls once held failovers up for
/// over a minute. Here because it reads the running containers of the fault tests' graph, which it leaves as it found it.
/// </summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(ReplicatedContainerGraph.Name)]
public sealed class ReplicatedContainersPeerNamesTests(ReplicatedContainerAppFixture fixture)
{
    [Fact]
    public async Task EveryMemberFindsEveryMemberInItsHostsFileAlone()
    {
        fixture.SkipUnlessGraph();
        var set = new ReplicatedSet(fixture.App);
        string[] members = [.. set.Resource.Nodes.Select(node => node.Name), .. set.Resource.Sentinels.Select(sentinel => sentinel.Name)];

        foreach (var member in members)
        {
            var container = fixture.App.ContainerIdOf(member) ?? throw new InvalidOperationException($"{member} reports no container id.");
            // `-s files`: the hosts file only, no DNS; every name must be there, each once.
            var (exitCode, output) = await ExternalTool.RunAsync(TestImages.Runtime, ["exec", container, "getent", "-s", "files", "ahostsv4", .. members]);
            Assert.True(exitCode == 0, $"{member} does not find every member in its hosts file: {output}");
            foreach (var other in members)
            {
                Assert.Contains(output.Split('\n'), line => line.EndsWith($" {other}", StringComparison.Ordinal));
            }
        }
    }
}
