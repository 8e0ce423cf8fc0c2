using Aspire.Hosting;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>What the AppHost's validators find wrong with settings, as the messages that would stop it.</summary>
public static class SettingProblems
{
    public static IReadOnlyList<string> Of(QuoteStoreOptions store) => [.. new RedisStoreOptionsValidator().Validate(null, store).Failures ?? []];

    public static IReadOnlyList<string> Of(QuoteFrontendOptions frontend) => [.. new QuoteFrontendOptionsValidator().Validate(null, frontend).Failures ?? []];
}
