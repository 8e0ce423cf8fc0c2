using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Publishes the app model as Kubernetes manifests: read, map, write. <paramref name="pinnedImages"/> (by resource
/// name, or by a sidecar's image) replace images a deployment has pinned by digest; <paramref name="keptSecrets"/> (by
/// parameter name) replace secret values with those a deployment found live on the cluster.
/// </summary>
internal sealed class KubernetesPublisher(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    KubernetesPublishingOptions options,
    IReadOnlyDictionary<string, string>? pinnedImages = null,
    IReadOnlyDictionary<string, string>? keptSecrets = null)
{
    private const int GeneratedSecretLength = 32;

    /// <summary>Writes the manifests into <paramref name="outputDirectory"/>; returns the objects written, with the file names.</summary>
    public async Task<(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects, IReadOnlyList<string> Files)> PublishAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        var objects = await BuildObjectsAsync(cancellationToken).ConfigureAwait(false);
        var files = await KubernetesManifestWriter.WriteAsync(outputDirectory, options.Namespace, objects, cancellationToken).ConfigureAwait(false);
        return (objects, files);
    }

    /// <summary>Every object, in the order a reader meets them: namespace, secrets, then each resource.</summary>
    public async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> BuildObjectsAsync(CancellationToken cancellationToken)
    {
        var workloads = await new WorkloadReader(model, executionContext, options, pinnedImages).ReadAsync(cancellationToken).ConfigureAwait(false);

        var secretNames = workloads.SelectMany(workload => workload.SecretNames).ToHashSet(StringComparer.Ordinal);
        var secrets = new List<SecretSource>();
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(parameter => secretNames.Contains(parameter.Name)).OrderBy(parameter => parameter.Name, StringComparer.Ordinal))
        {
            secrets.Add(new SecretSource(parameter.Name, keptSecrets?.GetValueOrDefault(parameter.Name) ?? await SecretValueAsync(parameter, cancellationToken).ConfigureAwait(false)));
        }

        var application = new KubernetesApplication(options.Application, options.ManagedBy, options.Namespace);
        var checksums = secrets.ToDictionary(secret => secret.Name, secret => Checksum(secret.Value), StringComparer.Ordinal);
        var objects = new List<IKubernetesObject<V1ObjectMeta>> { KubernetesObjects.ToNamespace(options.Namespace) };
        objects.AddRange(secrets.Select(secret => KubernetesObjects.ToSecret(secret, application)));
        foreach (var workload in workloads)
        {
            objects.Add(KubernetesObjects.ToServiceAccount(workload, application));
            objects.Add(KubernetesObjects.ToWorkload(workload, application, checksums));
            // A claim that several jobs mount (a backup and its restore) is one object, labelled with the first of them.
            objects.AddRange(KubernetesObjects.ToPersistentVolumeClaims(workload, application)
                .Where(claim => !objects.OfType<V1PersistentVolumeClaim>().Any(written => written.Metadata.Name == claim.Metadata.Name)));
            AddIfAny(objects, KubernetesObjects.ToService(workload, application, options.Ingress));
            AddIfAny(objects, KubernetesObjects.ToPeersService(workload, application));
            AddIfAny(objects, KubernetesObjects.ToHorizontalPodAutoscaler(workload, application));
            AddIfAny(objects, KubernetesObjects.ToIngress(workload, application, options.Ingress));
            AddIfAny(objects, KubernetesObjects.ToPodDisruptionBudget(workload, application));
            AddIfAny(objects, KubernetesObjects.ToNetworkPolicy(workload, application, options.Ingress, options.Monitoring));
            AddIfAny(objects, KubernetesMonitoringObjects.ToPodMonitor(workload, application, options.Monitoring));
        }

        AddIfAny(objects, KubernetesMonitoringObjects.ToPrometheusRule(workloads, application, options.Monitoring));

        return objects;
    }

    /// <summary>
    /// A secret's value as Aspire resolves it: <c>Parameters:&lt;name&gt;</c> when given, else the value
    /// its generate-default creates, which Aspire keeps in its deployment state so publishing again
    /// keeps the password of a running database. A secret with neither gets a new random value.
    /// </summary>
    private static async Task<string> SecretValueAsync(ParameterResource parameter, CancellationToken cancellationToken)
    {
        try
        {
            return await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } value
                ? value
                : GenerateSecret();
        }
        catch (MissingParameterValueException)
        {
            return GenerateSecret();
        }
    }

    private static string Checksum(string value) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));

    private static string GenerateSecret() =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", GeneratedSecretLength);

    private static void AddIfAny(List<IKubernetesObject<V1ObjectMeta>> objects, IKubernetesObject<V1ObjectMeta>? item)
    {
        if (item is not null)
        {
            objects.Add(item);
        }
    }
}
