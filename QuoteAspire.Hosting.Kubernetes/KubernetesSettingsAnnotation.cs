namespace Aspire.Hosting.ApplicationModel;

/// <summary>The AppHost's defaults of <see cref="KubernetesResourceSettings"/> for one resource.</summary>
public sealed class KubernetesSettingsAnnotation(KubernetesResourceSettings settings) : IResourceAnnotation
{
    /// <summary>The values the app sets; unset ones keep the publisher's defaults.</summary>
    public KubernetesResourceSettings Settings { get; } = settings;
}
