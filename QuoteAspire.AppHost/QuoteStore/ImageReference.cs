namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>A container image as <c>registry/repository:tag</c>, split the way Aspire's image annotation holds it.</summary>
public sealed record ImageReference(string Registry, string Repository, string Tag)
{
    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}
