namespace Aspire.Hosting.ApplicationModel;

/// <summary>The AppHost's defaults of <see cref="KubernetesResourceSettings"/> for one resource.</summary>
public sealed class KubernetesSettingsAnnotation(KubernetesResourceSettings settings) : IResourceAnnotation
{
    public KubernetesResourceSettings Settings { get; } = settings;
}
