namespace Aspire.Hosting.ApplicationModel;

/// <summary>A container image as <c>registry/repository:tag</c>, split the way Aspire's image annotation holds it.</summary>
public sealed record ImageReference(string Registry, string Repository, string Tag)
{
    /// <summary>The reference as Docker and Podman take it: <c>registry/repository:tag</c>.</summary>
    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}
