using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// The store's settings, the configuration section <c>QuoteStore</c>: the store's own (<see cref="RedisStoreOptions"/>,
/// checked by <see cref="RedisStoreOptionsValidator"/>) and the one this app's frontend reads, the store call timeout.
/// </summary>
public sealed class QuoteStoreOptions() : RedisStoreOptions(SectionName, VolumePrefix)
{
    public const string SectionName = "QuoteStore";

    // Named for the app, so its volumes are easy to tell from others' and to remove.
    private const string VolumePrefix = "quoteaspire";

    public const string HostKey = $"{SectionName}:{nameof(Host)}";
    public const string HighAvailabilityKey = $"{SectionName}:{nameof(HighAvailability)}";
    public const string MaxMemoryKey = $"{SectionName}:{nameof(MaxMemory)}";
    public const string ImageKey = $"{SectionName}:{nameof(Image)}";
    public const string DataVolumeKey = $"{SectionName}:{nameof(DataVolume)}";
    public const string DataDirectoryKey = $"{SectionName}:{nameof(DataDirectory)}";

    /// <summary>The key the frontend reads too, defined once for both (it is passed on, not used by the store).</summary>
    public const string CommandTimeoutKey = StoreCommandTimeout.ConfigurationKey;

    /// <summary><c>QuoteStore:CommandTimeout</c>: how long the frontend gives a store call, a time from 0.1 to 60 seconds.</summary>
    public string? CommandTimeout { get; set; }

    /// <summary>The section as configuration holds it, unchecked (see <see cref="RedisStoreOptionsValidator"/>).</summary>
    public static QuoteStoreOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        return configuration.GetSection(SectionName).Get<QuoteStoreOptions>() ?? new();
    }

    /// <summary>The store call timeout to pass on to the frontend, or null when unset (the frontend keeps its own).</summary>
    public TimeSpan? CommandTimeoutToPassOn => ReadCommandTimeout().Value;

    /// <inheritdoc/>
    protected override IEnumerable<string?> ClientSettingProblems() => [ReadCommandTimeout().Problem];

    // By the frontend's own rule; null when unset.
    private SettingReading<TimeSpan?> ReadCommandTimeout() =>
        string.IsNullOrWhiteSpace(CommandTimeout) ? null
        : StoreCommandTimeout.Read(CommandTimeout, out var timeout) is { } problem ? SettingReading<TimeSpan?>.Refused(problem)
        : timeout;
}
