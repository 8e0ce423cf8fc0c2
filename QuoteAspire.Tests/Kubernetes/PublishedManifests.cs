using k8s;
using k8s.Models;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>The app's default manifests (<see cref="DefaultManifests"/>, published once per run), read back as typed objects.</summary>
public sealed class PublishedManifests(DefaultManifests defaults) : IAsyncLifetime
{
    /// <inheritdoc cref="DefaultManifests.StorePassword"/>
    public const string StorePassword = DefaultManifests.StorePassword;

    public string OutputDirectory { get; private set; } = string.Empty;

    /// <summary>Each YAML file with its text.</summary>
    public IReadOnlyDictionary<string, string> Files { get; private set; } = new Dictionary<string, string>();

    /// <summary>Every object, by file.</summary>
    public IReadOnlyDictionary<string, object> Objects { get; private set; } = new Dictionary<string, object>();

    public async ValueTask InitializeAsync()
    {
        OutputDirectory = await defaults.PublishedDirectoryAsync();
        (Files, Objects) = Read(OutputDirectory);
    }

    /// <summary>Reads a folder of published manifests.</summary>
    public static (IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, object> Objects) Read(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.yaml")
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);
        var objects = files
            .Where(file => file.Key != "kustomization.yaml")
            .ToDictionary(file => file.Key, file => Assert.Single(KubernetesYaml.LoadAllFromString(file.Value, PrometheusOperator.TypeMap)), StringComparer.Ordinal);
        return (files, objects);
    }

    public IEnumerable<T> All<T>() => Objects.Values.OfType<T>();

    /// <summary>The one object of that kind and name; for an on-demand Job, whose runs get generated names, the name's prefix.</summary>
    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(All<T>(), item => (item.Metadata.Name ?? item.Metadata.GenerateName?.TrimEnd('-')) == name);

    // The folder is the run's, shared: DefaultManifests deletes it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
