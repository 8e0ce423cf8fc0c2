using QuoteAspire.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(QuoteAspire.Tests.Kubernetes.DefaultManifests))]

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>
/// The app's manifests as published with no setting but known store passwords: published once per run, in process,
/// the first time a test asks for them (a run of other tests pays nothing), read by every test of the default output,
/// deleted at the end of the run. Tests only read the folder.
/// </summary>
public sealed class DefaultManifests : IAsyncDisposable
{
    /// <summary>The store password the publish is given, so the output is reproducible and can be searched for.</summary>
    public const string StorePassword = "golden0password0not0a0real0secret";

    /// <summary>The frontend's own store password in the run's default manifests.</summary>
    public const string FrontendStorePassword = "golden0frontend0password0not0real";

    /// <summary>The password replicas sign in to their primary with.</summary>
    public const string ReplicationPassword = "golden0replication0password0fake";

    /// <summary>The password Sentinels sign in to the data nodes with.</summary>
    public const string SentinelPassword = "golden0sentinel0password0not0real";

    /// <summary>The backup job's store password.</summary>
    public const string BackupPassword = "golden0backup0password0not0a0real";

    /// <summary>The restore job's store password.</summary>
    public const string RestorePassword = "golden0restore0password0not0real";

    /// <summary>Every password above, by the secret parameter (and Secret) it is the value of.</summary>
    public static IReadOnlyDictionary<string, string> Passwords { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["quote-store-password"] = StorePassword,
        ["quote-store-frontend-password"] = FrontendStorePassword,
        ["quote-store-replication-password"] = ReplicationPassword,
        ["quote-store-sentinel-password"] = SentinelPassword,
        ["quote-store-backup-password"] = BackupPassword,
        ["quote-store-restore-password"] = RestorePassword,
    };

    /// <summary>Every password as the setting that gives it to a publish (as tools/refresh-golden-manifests.sh does).</summary>
    public static IReadOnlyList<string> PasswordSettings { get; } = [.. Passwords.Select(password => $"Parameters:{password.Key}={password.Value}")];

    private readonly TemporaryFolder _output = new("quoteaspire-k8s-");
    private readonly Lazy<Task> _publish;

    public DefaultManifests() =>
        _publish = new(() => KubernetesPublish.RunAsync(_output.Path, [.. PasswordSettings]));

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
