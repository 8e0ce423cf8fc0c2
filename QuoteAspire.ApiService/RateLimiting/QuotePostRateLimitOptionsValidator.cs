using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Checks <see cref="QuotePostRateLimitOptions"/>' attributes with code generated at build time: the reflection-based
/// <c>ValidateDataAnnotations</c> is not trim-safe (IL2026), and the frontend is published with Native AOT.
/// </summary>
[OptionsValidator]
internal sealed partial class QuotePostRateLimitOptionsValidator : IValidateOptions<QuotePostRateLimitOptions>;
