using Aspire.Hosting;
using Microsoft.Extensions.Options;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.AppHost.Settings;

/// <summary>
/// The AppHost's settings, read and checked together before anything is added to the model: the store's
/// (<c>QuoteStore</c>), the frontend's (<c>QuoteFrontend</c>) and the cluster's (<c>Kubernetes</c>, which the publishing
/// steps read for themselves). A wrong value stops a run and a publish alike, listed with every other wrong value.
/// </summary>
/// <param name="Store">The section <c>QuoteStore</c>, checked.</param>
/// <param name="Frontend">The section <c>QuoteFrontend</c>, checked.</param>
public sealed record AppHostSettings(QuoteStoreOptions Store, QuoteFrontendOptions Frontend)
{
    /// <summary>
    /// Reads the settings of <paramref name="builder"/>'s configuration, the <c>Kubernetes</c> section over
    /// <paramref name="kubernetesDefaults"/> as <c>AddKubernetesPublishing</c> reads it.
    /// </summary>
    /// <exception cref="AppHostSettingsException">A setting is wrong: the exception lists each one, with its key and what it accepts.</exception>
    public static AppHostSettings Read(IDistributedApplicationBuilder builder, Action<KubernetesPublishingOptions>? kubernetesDefaults)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var store = QuoteStoreOptions.Bind(builder.Configuration);
        var frontend = QuoteFrontendOptions.Bind(builder.Configuration);
        List<string> failures =
        [
            .. FailuresOf(new RedisStoreOptionsValidator().Validate(Options.DefaultName, store)),
            .. FailuresOf(new QuoteFrontendOptionsValidator().Validate(Options.DefaultName, frontend)),
            .. KubernetesPublishingOptions.ProblemsOf(builder.Configuration, builder.Environment.ApplicationName, kubernetesDefaults),
        ];

        return failures.Count == 0 ? new(store, frontend) : throw new AppHostSettingsException(failures);
    }

    private static IEnumerable<string> FailuresOf(ValidateOptionsResult result) => result.Failed ? result.Failures : [];
}

/// <summary>Every wrong setting of the AppHost, one a line, each naming its key and what it accepts.</summary>
public sealed class AppHostSettingsException(IReadOnlyList<string> failures)
    : OptionsValidationException(Options.DefaultName, typeof(AppHostSettings), failures)
{
    public override string Message =>
        $"{(Failures.Count() == 1 ? "A setting of the AppHost is wrong" : $"{Failures.Count()} settings of the AppHost are wrong")}; change them and start again:"
        + string.Concat(Failures.Select(failure => $"{Environment.NewLine}- {failure}"));
}
