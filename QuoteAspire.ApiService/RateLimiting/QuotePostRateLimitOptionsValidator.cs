using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Refuses a rate limit below one post, at start-up, with a message naming the setting. Written out rather than
/// <c>ValidateDataAnnotations</c>, which reads the attributes by reflection and is not trim-safe (IL2026), or the
/// <c>[OptionsValidator]</c> generator, whose copy of <c>RangeAttribute</c> drops the attribute's <c>ErrorMessage</c>.
/// </summary>
internal sealed class QuotePostRateLimitOptionsValidator : IValidateOptions<QuotePostRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotePostRateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.PostsPerSecond < 1)
        {
            failures.Add($"{QuotePostRateLimitOptions.SectionName}:{nameof(options.PostsPerSecond)} must be a whole number of at least 1.");
        }

        if (options.Burst < 1)
        {
            failures.Add($"{QuotePostRateLimitOptions.SectionName}:{nameof(options.Burst)} must be a whole number of at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
