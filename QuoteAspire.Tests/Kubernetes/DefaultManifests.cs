using QuoteAspire.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(QuoteAspire.Tests.Kubernetes.DefaultManifests))]

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>
/// The app's manifests as published with no setting but a known store password: published once per run, in process,
/// the first time a test asks for them (a run of other tests pays nothing), read by every test of the default output,
/// deleted at the end of the run. Tests only read the folder.
/// </summary>
public sealed class DefaultManifests : IAsyncDisposable
{
    /// <summary>The store password the publish is given, so the output is reproducible and can be searched for.</summary>
    public const string StorePassword = "golden0password0not0a0real0secret";

    /// <summary>The frontend's own store password in the run's default manifests.</summary>
    public const string FrontendStorePassword = "golden0frontend0password0not0real";

    private readonly TemporaryFolder _output = new("quoteaspire-k8s-");
    private readonly Lazy<Task> _publish;

    public DefaultManifests() =>
        _publish = new(() => KubernetesPublish.RunAsync(_output.Path, $"Parameters:quote-store-password={StorePassword}", $"Parameters:quote-store-frontend-password={FrontendStorePassword}"));

    /// <summary>The folder, once the manifests are in it.</summary>
    public async Task<string> PublishedDirectoryAsync()
    {
        await _publish.Value;
        return _output.Path;
    }

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        return ValueTask.CompletedTask;
    }
}
