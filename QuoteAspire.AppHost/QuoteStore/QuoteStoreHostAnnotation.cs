using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Records on the store resource which host was chosen and why.</summary>
public sealed class QuoteStoreHostAnnotation(QuoteStoreHostChoice choice) : IResourceAnnotation
{
    public QuoteStoreHostChoice Choice { get; } = choice;
}
