using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// The fields of live objects that Kubernetes refuses to change in place: an apply that changes one fails for that
/// object after the objects before it have changed. Compared before a deploy changes anything.
/// </summary>
internal static class ImmutableFields
{
    /// <summary>Each immutable field that differs between the <paramref name="live"/> StatefulSet and the <paramref name="planned"/> one, as <c>field: live X, published Y</c>.</summary>
    public static IEnumerable<string> Changed(V1StatefulSet live, V1StatefulSet planned)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(planned);

        if (Differs(live.Spec.ServiceName, planned.Spec.ServiceName))
        {
            yield return Change("spec.serviceName", live.Spec.ServiceName, planned.Spec.ServiceName);
        }

        if (Differs(Text(live.Spec.Selector), Text(planned.Spec.Selector)))
        {
            yield return Change("spec.selector", Text(live.Spec.Selector), Text(planned.Spec.Selector));
        }

        // The API server fills in OrderedReady when the field is left out.
        if (Differs(live.Spec.PodManagementPolicy ?? "OrderedReady", planned.Spec.PodManagementPolicy ?? "OrderedReady"))
        {
            yield return Change("spec.podManagementPolicy", live.Spec.PodManagementPolicy ?? "OrderedReady", planned.Spec.PodManagementPolicy ?? "OrderedReady");
        }

        var liveClaims = (live.Spec.VolumeClaimTemplates ?? []).ToDictionary(claim => claim.Metadata.Name, StringComparer.Ordinal);
        var plannedClaims = (planned.Spec.VolumeClaimTemplates ?? []).ToDictionary(claim => claim.Metadata.Name, StringComparer.Ordinal);
        foreach (var name in liveClaims.Keys.Union(plannedClaims.Keys).Order(StringComparer.Ordinal))
        {
            var field = $"spec.volumeClaimTemplates[{name}]";
            if (!liveClaims.TryGetValue(name, out var was) || !plannedClaims.TryGetValue(name, out var will))
            {
                yield return Change(field, was is null ? "none" : "present", plannedClaims.ContainsKey(name) ? "present" : "none");
                continue;
            }

            if (Differs(Size(was), Size(will)))
            {
                yield return Change($"{field}.resources.requests.storage", Size(was), Size(will));
            }

            // Left out, the claim gets the cluster's default class: only a class named in both can be told apart.
            if (will.Spec.StorageClassName is { } plannedClass && was.Spec.StorageClassName is { } liveClass && Differs(liveClass, plannedClass))
            {
                yield return Change($"{field}.storageClassName", liveClass, plannedClass);
            }

            if (Differs(string.Join(',', was.Spec.AccessModes ?? []), string.Join(',', will.Spec.AccessModes ?? [])))
            {
                yield return Change($"{field}.accessModes", string.Join(',', was.Spec.AccessModes ?? []), string.Join(',', will.Spec.AccessModes ?? []));
            }
        }
    }

    /// <summary>The Deployment's immutable field: its selector.</summary>
    public static IEnumerable<string> Changed(V1Deployment live, V1Deployment planned)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(planned);

        if (Differs(Text(live.Spec.Selector), Text(planned.Spec.Selector)))
        {
            yield return Change("spec.selector", Text(live.Spec.Selector), Text(planned.Spec.Selector));
        }
    }

    private static bool Differs(string? live, string? planned) => !string.Equals(live ?? string.Empty, planned ?? string.Empty, StringComparison.Ordinal);

    private static string Change(string field, string? live, string? planned) => $"{field}: live '{live}', published '{planned}'";

    private static string Text(V1LabelSelector? selector) =>
        string.Join(',', (selector?.MatchLabels ?? new Dictionary<string, string>()).OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}"));

    private static string? Size(V1PersistentVolumeClaim claim) =>
        claim.Spec.Resources?.Requests?.TryGetValue("storage", out var size) == true ? size.ToString() : null;
}
