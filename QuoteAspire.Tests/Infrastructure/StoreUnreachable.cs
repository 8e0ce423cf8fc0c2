using System.Net;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The frontend's 503 for a store it could not reach in time. On a machine busy with the rest of the suite a store call
/// can miss its second whatever a test does (seen in CI in tests of hostile input, of persistence, of replication), and
/// the answer's <c>Retry-After</c> asks the client to send again. A test about something else does what a careful client
/// does: sends again, within <see cref="Bounded.RecoveryAfterOutage"/>, and then checks its own answer.
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

    /// <inheritdoc cref="ResendWhileAsync(Func{Task{HttpResponseMessage}}, string)"/>
    public static Task<(RawHttpResponse Answer, int Resent)> ResendWhileAsync(Func<Task<RawHttpResponse>> send, string what) =>
        ResendWhileAsync(send, answer => Task.FromResult(Is(answer.Status, answer.Body)), what);

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
