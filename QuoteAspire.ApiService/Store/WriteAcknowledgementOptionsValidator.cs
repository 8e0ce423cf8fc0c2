using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.Store;

/// <summary>Refuses settings that would acknowledge nothing or wait without end, at start-up, naming the setting.</summary>
internal sealed class WriteAcknowledgementOptionsValidator : IValidateOptions<WriteAcknowledgementOptions>
{
    // Below the store client's one-second command timeout (QuoteStoreClientExtensions), which would otherwise end the wait first.
    private const int MaxTimeoutMilliseconds = 900;

    public ValidateOptionsResult Validate(string? name, WriteAcknowledgementOptions options)
    {
        var failures = new List<string>();
        if (options.Replicas < 0)
        {
            failures.Add($"{WriteAcknowledgementOptions.SectionName}:{nameof(options.Replicas)} must be a whole number of at least 0 (0 waits for no replica).");
        }

        if (options.TimeoutMilliseconds is < 1 or > MaxTimeoutMilliseconds)
        {
            failures.Add($"{WriteAcknowledgementOptions.SectionName}:{nameof(options.TimeoutMilliseconds)} must be a whole number from 1 to {MaxTimeoutMilliseconds}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
