using k8s;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>The QuoteAspire app published once by the AppHost's publish-kubernetes step, read back as typed objects.</summary>
public sealed class PublishedManifests : IAsyncLifetime
{
    /// <summary>The store password the publish is given, so the output is reproducible and can be searched for.</summary>
    public const string StorePassword = "golden0password0not0a0real0secret";

    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("quoteaspire-k8s-");

    public string OutputDirectory => _output.FullName;

    /// <summary>Each YAML file with its text.</summary>
    public IReadOnlyDictionary<string, string> Files { get; private set; } = new Dictionary<string, string>();

    /// <summary>Every object, by file.</summary>
    public IReadOnlyDictionary<string, object> Objects { get; private set; } = new Dictionary<string, object>();

    public async ValueTask InitializeAsync()
    {
        await AppHostProcess.RunAsync(
            Repository.Root,
            "--operation", "publish", "--step", "publish-kubernetes", "--output-path", OutputDirectory,
            // Neither read nor write Aspire's deployment state: it would override the password given here.
            "--clear-cache", "true",
            $"Parameters:quote-store-password={StorePassword}");
        (Files, Objects) = Read(OutputDirectory);
    }

    /// <summary>Reads a folder of published manifests.</summary>
    public static (IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, object> Objects) Read(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.yaml")
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);
        var objects = files
            .Where(file => file.Key != "kustomization.yaml")
            .ToDictionary(file => file.Key, file => Assert.Single(KubernetesYaml.LoadAllFromString(file.Value)), StringComparer.Ordinal);
        return (files, objects);
    }

    public IEnumerable<T> All<T>() => Objects.Values.OfType<T>();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(All<T>(), item => item.Metadata.Name == name);

    public ValueTask DisposeAsync()
    {
        _output.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
