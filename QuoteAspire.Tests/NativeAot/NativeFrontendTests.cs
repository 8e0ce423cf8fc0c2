using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.NativeAot;

/// <summary>
/// The graph the native frontend's contract tests run on really runs the Native AOT executable: no .NET runtime
/// or JIT is loaded into the process that answers.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[Collection(NativeFrontendGraph.Name)]
public sealed class NativeFrontendTests(NativeFrontendAppFixture fixture)
{
    [Fact]
    public async Task TheFrontendProcessIsTheNativeExecutableWithNoRuntimeOrJitLoaded()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        ProcessTree.SkipUnlessProcFileSystem();
        using var client = fixture.CreateGraphClient();
        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);

        var process = fixture.App.ProcessIdOf(QuoteAppFixture.Frontend);
        var executable = new FileInfo($"/proc/{process}/exe").LinkTarget;
        var libraries = await File.ReadAllTextAsync($"/proc/{process}/maps", TestContext.Current.CancellationToken);

        Assert.Equal(await NativeFrontendBuild.PublishAsync(), executable);
        Assert.DoesNotContain("libcoreclr.so", libraries, StringComparison.Ordinal);
        Assert.DoesNotContain("libclrjit.so", libraries, StringComparison.Ordinal);
    }
}
