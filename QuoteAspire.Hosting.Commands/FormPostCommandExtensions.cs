using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// A dashboard command that posts forms to a resource's HTTP endpoint, as any client would: each post shows up in the
/// traces like a client's request, and a 503 is waited out as a client is asked to.
/// </summary>
public static class FormPostCommandExtensions
{
    // A 503 without Retry-After, or one that asks for longer than this, is tried again after this long.
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the command <paramref name="name"/>, which posts each of <paramref name="values"/>, in order, as the form field
    /// <paramref name="field"/> to <paramref name="path"/> of the resource's endpoint. Each post carries an
    /// <c>Idempotency-Key</c> of its own, kept when a 503 is tried again after its <c>Retry-After</c> (at most five
    /// seconds), so a retry whose first attempt went through stores nothing twice; any other answer, or a 503 past the
    /// command's budget, fails the command with the answer's status and body. Enabled while the resource is healthy.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="displayName">The command's name in the dashboard.</param>
    /// <param name="path">The path posted to, such as <c>/items</c>.</param>
    /// <param name="field">The form field each value is posted as.</param>
    /// <param name="values">The values, one post each.</param>
    /// <param name="options">The command's words, icon, endpoint and budget.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithFormPostCommand<T>(
        this IResourceBuilder<T> builder, string name, string displayName, string path, string field, IReadOnlyList<string> values, FormPostCommandOptions options)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);

        var endpoint = builder.GetEndpoint(options.EndpointName);
        return builder.WithCommand(name, displayName, context => PostAsync(endpoint, path, field, values, options, context), new CommandOptions
        {
            Description = options.Description,
            IconName = options.IconName,
            IconVariant = IconVariant.Regular,
            UpdateState = ResourceCommandStates.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> PostAsync(
        EndpointReference endpoint, string path, string field, IReadOnlyList<string> values, FormPostCommandOptions options, ExecuteCommandContext context)
    {
        using var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(endpoint.Url);
        var clock = Stopwatch.StartNew();
        var waitedOut = 0;
        foreach (var value in values)
        {
            // One key per value, so a retry after a 503 whose write went through stores nothing twice.
            var idempotencyKey = Guid.NewGuid().ToString("N");
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
                {
                    Content = new FormUrlEncodedContent([new(field, value)]),
                };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await client.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }

                // As an API with Retry-After asks of every client: a 503 is tried again after it, under the same key.
                var pause = PauseBeforeRetry(response);
                if (pause is null || clock.Elapsed + pause.Value > options.UnavailableBudget)
                {
                    var problem = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                    return CommandResults.Failure($"POST {path} answered {(int)response.StatusCode}: {problem}");
                }

                waitedOut++;
                await Task.Delay(pause.Value, context.CancellationToken).ConfigureAwait(false);
            }
        }

        return CommandResults.Success(options.SuccessMessage(waitedOut));
    }

    private static TimeSpan? PauseBeforeRetry(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var asked = response.Headers.RetryAfter?.Delta ?? LongestPause;
        return asked < LongestPause ? asked : LongestPause;
    }
}

/// <summary>The words, icon, endpoint and budget of a form-posting command (<see cref="FormPostCommandExtensions.WithFormPostCommand"/>).</summary>
public sealed class FormPostCommandOptions
{
    /// <summary>What the command does, in the app's words.</summary>
    public required string Description { get; init; }

    /// <summary>The result once every value is posted, given how many answers of 503 were waited out.</summary>
    public required Func<int, string> SuccessMessage { get; init; }

    /// <summary>How long the command waits out a resource that answers 503 before it gives up.</summary>
    public required TimeSpan UnavailableBudget { get; init; }

    /// <summary>The command's Fluent UI icon.</summary>
    public string IconName { get; init; } = "Send";

    /// <summary>The endpoint posted to.</summary>
    public string EndpointName { get; init; } = "http";
}
