namespace QuoteAspire.ApiService.Store;

/// <summary>How <see cref="QuoteStoreLocation.Find"/> found the store.</summary>
public enum QuoteStoreLocationSource
{
    ConnectionString,
    KubernetesServiceVariables,
    LocalhostDefault,
}
