using System.Text;
using System.Text.RegularExpressions;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Every name and label the publisher gives an object, in one place. Objects are named exactly after
/// their resource, with no suffix, so the Service of <c>my-store</c> is <c>my-store</c> and Kubernetes
/// injects <c>MY_STORE_SERVICE_HOST</c>, as code written for Kubernetes expects.
/// </summary>
internal static partial class KubernetesNames
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string VersionLabel = "app.kubernetes.io/version";

    /// <summary>The label the API server puts on every Namespace, with its name: what a NetworkPolicy selects a namespace by.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>The Pod Security Admission labels of the Namespace: each at <see cref="PodSecurityLevel"/>.</summary>
    public static readonly string[] PodSecurityLabels =
        ["pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/warn", "pod-security.kubernetes.io/audit"];

    /// <summary>The Pod Security Standard every pod meets, which the Namespace enforces.</summary>
    public const string PodSecurityLevel = "restricted";

    /// <summary>The temporary-files volume every container gets, since its root filesystem is read-only.</summary>
    public const string TempVolume = "tmp";

    /// <summary>The Service, workload, disruption budget and network policy of a resource.</summary>
    public static string ObjectName(string resourceName) => RequireDns1123Label(resourceName);

    /// <summary>
    /// The prefix of the names the API server makes for each run of an on-demand Job: <c>my-restore-</c> gives
    /// <c>my-restore-x7k2p</c>. Five characters are added, so the prefix leaves room for them within a label.
    /// </summary>
    public static string GeneratedNamePrefix(string resourceName) =>
        ObjectName(resourceName).Length <= 57 ? $"{ObjectName(resourceName)}-" : throw new InvalidOperationException(
            $"'{resourceName}' is too long for an on-demand Job: with the 6 characters Kubernetes adds to each run's name, it must be at most 57 characters.");

    /// <summary>The app's one PrometheusRule: <c>&lt;application&gt;-alerts</c>.</summary>
    public static string AlertRulesName(KubernetesApplication application) => RequireDns1123Label($"{application.Name}-alerts");

    /// <summary>The headless Service through which peers find each other: <c>my-store-peers</c>.</summary>
    public static string PeersServiceName(string resourceName) => RequireDns1123Label($"{resourceName}-peers");

    /// <summary>
    /// The name one peer answers to in the namespace: <c>my-store-0.my-store-peers</c>. The kubelet names a StatefulSet's
    /// pod <c>&lt;set&gt;-&lt;ordinal&gt;</c>, and the pod's HOSTNAME is that name.
    /// </summary>
    public static string PeerHost(string resourceName, int ordinal) => $"{ObjectName(resourceName)}-{ordinal}.{PeersServiceName(resourceName)}";

    /// <summary>The labels that select a resource's pods: stable for its lifetime.</summary>
    public static Dictionary<string, string> SelectorLabels(KubernetesApplication application, string resourceName) => new()
    {
        [NameLabel] = resourceName,
        [PartOfLabel] = application.Name,
    };

    /// <summary>The selector labels plus descriptive ones.</summary>
    public static Dictionary<string, string> Labels(KubernetesApplication application, string resourceName, string component) =>
        new(SelectorLabels(application, resourceName))
        {
            [ComponentLabel] = component,
            [ManagedByLabel] = application.ManagedBy,
        };

    /// <summary>
    /// A pod's labels: the object's, plus the instance (the app as deployed in its namespace) and the version (its image's
    /// tag), which may change from one deployment to the next and so are never part of a selector.
    /// </summary>
    public static Dictionary<string, string> PodLabels(KubernetesApplication application, string resourceName, string component, string image) =>
        new(Labels(application, resourceName, component))
        {
            [InstanceLabel] = application.Instance,
            [VersionLabel] = VersionOf(image),
        };

    /// <summary>The tag of an image reference (<c>registry/name:tag@sha256:...</c> gives <c>tag</c>), as a label value; <c>latest</c> without one.</summary>
    public static string VersionOf(string image)
    {
        var reference = image.Split('@')[0];
        var lastSegment = reference[(reference.LastIndexOf('/') + 1)..];
        var tag = lastSegment.Contains(':', StringComparison.Ordinal) ? lastSegment[(lastSegment.IndexOf(':', StringComparison.Ordinal) + 1)..] : "latest";
        var value = InvalidLabelValueCharacters().Replace(tag, "-").Trim('-', '_', '.');
        return value.Length > 63 ? value[..63].TrimEnd('-', '_', '.') : value;
    }

    /// <summary>The ServiceAccount a workload's pods run as: one per workload, named after it.</summary>
    public static string ServiceAccountName(string resourceName) => ObjectName(resourceName);

    /// <summary>The pod template annotation that holds a Secret's checksum: <c>checksum/secret-my-password</c>.</summary>
    public static string SecretChecksumAnnotation(string secretName) => $"checksum/secret-{RequireDns1123Label(secretName)}";

    /// <summary>A volume claim name from the path it is mounted at: <c>/data</c> gives <c>data</c>.</summary>
    public static string VolumeName(string mountPath)
    {
        var lastSegment = mountPath.TrimEnd('/').Split('/').LastOrDefault(segment => segment.Length > 0) ?? "volume";
        return ToDns1123Label(lastSegment);
    }

    /// <summary>Any name as a Kubernetes name: <c>My.AppHost</c> gives <c>my-apphost</c>.</summary>
    public static string ToDns1123Label(string name)
    {
        var label = InvalidLabelCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return RequireDns1123Label(label.Length > 63 ? label[..63].TrimEnd('-') : label);
    }

    /// <summary>A resource name as an environment variable name: <c>my-password</c> gives <c>MY_PASSWORD</c>.</summary>
    public static string ToEnvironmentName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(character) ? char.ToUpperInvariant(character) : '_');
        }

        return builder.ToString();
    }

    public static bool IsDns1123Label(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    private static string RequireDns1123Label(string name) =>
        IsDns1123Label(name)
            ? name
            : throw new InvalidOperationException($"'{name}' is not a valid Kubernetes name: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex InvalidLabelCharacters();

    // A label value allows letters of either case, digits, '-', '_' and '.'.
    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex InvalidLabelValueCharacters();
}

/// <summary>The app as published: its name, the tool that manages it, and the instance (its namespace, where it is deployed once).</summary>
internal sealed record KubernetesApplication(string Name, string ManagedBy, string Instance);
