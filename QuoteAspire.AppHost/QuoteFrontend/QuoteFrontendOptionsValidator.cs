using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>
/// Checks every <c>QuoteFrontend</c> setting at start, and lists each one that is wrong with its key and what it
/// accepts, rather than leaving it to frontends that would then fail to start.
/// </summary>
public sealed class QuoteFrontendOptionsValidator : IValidateOptions<QuoteFrontendOptions>
{
    public ValidateOptionsResult Validate(string? name, QuoteFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        string?[] problems =
        [
            ReadPort(options.Port).Problem,
            SettingReading.WholeNumber(QuoteFrontendOptions.ReplicasKey, options.Replicas).Problem,
            .. ProblemsOfTrustedProxies(options.TrustedProxies),
            SettingReading.WholeNumber(QuoteFrontendOptions.RateLimitOptions.PostsPerSecondKey, options.RateLimit.PostsPerSecond).Problem,
            SettingReading.WholeNumber(QuoteFrontendOptions.RateLimitOptions.BurstKey, options.RateLimit.Burst).Problem,
        ];

        var failures = problems.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A port from 1 to 65535; <see cref="QuoteFrontendOptions.ArticlePort"/> when unset.</summary>
    internal static SettingReading<int> ReadPort(string? value) =>
        value is null ? QuoteFrontendOptions.ArticlePort
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port
        : SettingReading<int>.Refused($"{QuoteFrontendOptions.PortKey} is '{value}'; set it to a port number from 1 to 65535.");

    private static readonly char[] s_proxySeparators = [',', ';', ' ', '\t', '\n'];

    /// <summary>The list as the frontend reads it, comma-separated, or null when none is set.</summary>
    internal static SettingReading<string?> ReadTrustedProxies(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : ProblemsOfTrustedProxies(value).FirstOrDefault() is { } problem ? SettingReading<string?>.Refused(problem)
        : string.Join(',', value.Split(s_proxySeparators, StringSplitOptions.RemoveEmptyEntries));

    // One problem for each entry that is neither an address nor a range.
    private static IEnumerable<string> ProblemsOfTrustedProxies(string? value) =>
        (value ?? string.Empty).Split(s_proxySeparators, StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => !IPNetwork.TryParse(entry, out _) && !IPAddress.TryParse(entry, out _))
            .Select(entry =>
                $"{QuoteFrontendOptions.TrustedProxiesKey} has '{entry}', which is neither an IP address nor a CIDR range; " +
                "write a list such as '10.0.0.0/8, 192.168.1.10'.");
}
