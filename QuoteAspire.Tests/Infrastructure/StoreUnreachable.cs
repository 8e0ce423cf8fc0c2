using System.Net;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The frontend's 503 for a store it could not reach in time, which asks the client, with <c>Retry-After</c>, to send
/// again. Only the Faults tier resends on it, and only after an outage it caused (a failover, a restart): there a
/// careful client's resend is the behaviour under test. In the Graph tier a 503 is a failure (its frontends wait ten
/// seconds for the store, <see cref="QuoteGraph.ContentStoreCommandTimeout"/>).
/// </summary>
public static class StoreUnreachable
{
    /// <summary>Whether an answer of <paramref name="status"/> with <paramref name="body"/> is the store-unreachable 503.</summary>
    public static bool Is(int status, string body) =>
        status == (int)HttpStatusCode.ServiceUnavailable && body.Contains(QuoteStoreUnavailableHandler.Title, StringComparison.Ordinal);

    /// <inheritdoc cref="Is(int, string)"/>
    public static async Task<bool> IsAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.ServiceUnavailable
        && Is((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>Sends with <paramref name="send"/> until the answer is not the store-unreachable 503; returns it and how many were sent again.</summary>
    public static Task<(HttpResponseMessage Answer, int Resent)> ResendWhileAsync(Func<Task<HttpResponseMessage>> send, string what) =>
        ResendWhileAsync(send, IsAsync, what);

    /// <summary>Sends with <paramref name="send"/> while <paramref name="resendable"/> says the answer calls for it; returns the last answer and how many were sent again.</summary>
    public static async Task<(T Answer, int Resent)> ResendWhileAsync<T>(Func<Task<T>> send, Func<T, Task<bool>> resendable, string what)
    {
        var answer = await send();
        var resent = 0;
        await Bounded.UntilAsync(
            async () =>
            {
                if (!await resendable(answer))
                {
                    return true;
                }

                (answer as IDisposable)?.Dispose();
                answer = await send();
                resent++;
                return false;
            },
            Bounded.RecoveryAfterOutage,
            $"an answer to {what} other than the store's 503");
        return (answer, resent);
    }
}
