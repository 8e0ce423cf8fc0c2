using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// The only code that writes files: one YAML file per object, named <c>&lt;kind&gt;-&lt;name&gt;.yaml</c>,
/// and a <c>kustomization.yaml</c> that lists all but what holds data (the Namespace and the volume claims of
/// its own) and the Jobs an operator starts on purpose, so <c>kubectl apply -k DIR</c> deploys everything into the
/// Namespace, starts no Job, and <c>kubectl delete -k DIR</c> leaves the Namespace, and the data in it, alone.
/// </summary>
internal static class KubernetesManifestWriter
{
    public const string KustomizationFile = "kustomization.yaml";

    /// <summary>Replaces the manifests in <paramref name="directory"/> with <paramref name="objects"/>.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(
        string directory, string @namespace, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, CancellationToken cancellationToken)
    {
        // Kubernetes keeps one object per kind and name: a second would replace the first on apply. Checked before
        // anything in the folder changes.
        if (objects.GroupBy(FileName, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } clash)
        {
            var item = clash.First();
            throw new InvalidOperationException($"Two objects are both {item.Kind} '{NameOf(item)}': give the resources that make them different names.");
        }

        Directory.CreateDirectory(directory);

        // Files of objects an earlier publish wrote but this one does not would linger; remove those, and
        // only those (the earlier kustomization lists them), so other files in the folder are safe.
        foreach (var stale in PreviouslyWritten(directory))
        {
            File.Delete(Path.Combine(directory, stale));
        }

        var files = new List<string>();
        var listed = new List<string>();
        foreach (var item in objects)
        {
            var file = FileName(item);
            await File.WriteAllTextAsync(Path.Combine(directory, file), ToYaml(item), cancellationToken).ConfigureAwait(false);
            files.Add(file);
            if (!IsAppliedOnItsOwn(item) && !IsCreatedOnDemand(item))
            {
                listed.Add(file);
            }
        }

        var kustomization = new Kustomization { Namespace = @namespace, Resources = listed };
        await File.WriteAllTextAsync(Path.Combine(directory, KustomizationFile), ToYaml(kustomization), cancellationToken).ConfigureAwait(false);
        return [.. files, KustomizationFile];
    }

    // A text file ends with a newline: without it, tools that join or diff the files (cat, git) stumble.
    private static string ToYaml(object value) => KubernetesYaml.Serialize(value).TrimEnd('\n') + "\n";

    private static IEnumerable<string> PreviouslyWritten(string directory)
    {
        var path = Path.Combine(directory, KustomizationFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var previous = KubernetesYaml.Deserialize<Kustomization>(File.ReadAllText(path));
        return (previous.Resources ?? [])
            .Where(file => Path.GetFileName(file) == file && file.EndsWith(".yaml", StringComparison.Ordinal) && File.Exists(Path.Combine(directory, file)))
            .Append(KustomizationFile);
    }

    /// <summary>
    /// Whether <paramref name="item"/> is left out of the kustomization, to be applied once on its own: in it,
    /// <c>kubectl delete -k</c> would delete the Namespace, and with it the volume claims of every StatefulSet and
    /// the data on them, or a claim of its own (the backups') and every copy on it.
    /// </summary>
    public static bool IsAppliedOnItsOwn(IKubernetesObject<V1ObjectMeta> item) => item is V1Namespace or V1PersistentVolumeClaim;

    /// <summary>
    /// Whether <paramref name="item"/> is a Job that an operator starts with <c>kubectl create -f</c> of its file, such as a
    /// restore: in the kustomization, every apply would try to start it (and fail, as apply needs a fixed name).
    /// </summary>
    public static bool IsCreatedOnDemand(IKubernetesObject<V1ObjectMeta> item) => item is V1Job;

    /// <summary>The file an object is written to.</summary>
    public static string FileName(IKubernetesObject<V1ObjectMeta> item) => $"{item.Kind.ToLowerInvariant()}-{NameOf(item)}.yaml";

    // An on-demand Job has no name, only the prefix of the names its runs get: its file goes by the prefix.
    private static string NameOf(IKubernetesObject<V1ObjectMeta> item) => item.Metadata.Name ?? item.Metadata.GenerateName.TrimEnd('-');

    /// <summary>The part of kustomize's Kustomization that the publisher uses.</summary>
    private sealed class Kustomization
    {
        [JsonPropertyName("apiVersion")]
        public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

        [JsonPropertyName("kind")]
        public string Kind { get; init; } = "Kustomization";

        [JsonPropertyName("namespace")]
        public string? Namespace { get; init; }

        [JsonPropertyName("resources")]
        public List<string>? Resources { get; init; }
    }
}
