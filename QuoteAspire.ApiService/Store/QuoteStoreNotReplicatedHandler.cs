using Microsoft.AspNetCore.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Turns a write the store's replicas did not confirm into 503 problem details with <c>Retry-After</c>: the primary
/// refused it because no replica is in sync (<c>min-replicas-to-write</c>, Redis's NOREPLICAS error), or it wrote it
/// and no replica confirmed in time, or it reached a node that a failover has just made a replica (READONLY, or the
/// client's own refusal when it learns so before sending), or the primary it wrote to was demoted before its replicas
/// confirmed (Redis refuses <c>WAIT</c> on a replica).
/// Reading is unaffected.
/// </summary>
internal sealed class QuoteStoreNotReplicatedHandler(IProblemDetailsService problemDetails, ILogger<QuoteStoreNotReplicatedHandler> logger) : IExceptionHandler
{
    /// <summary>About a failover's length: the time a replica needs to come back or to be promoted.</summary>
    public const int RetryAfterSeconds = 2;

    // StackExchange.Redis's words when it finds the node it chose for a primary-only command is a replica now.
    private const string ChosenNodeIsAReplica = "Command cannot be issued to a replica";

    // Redis's words when WAIT reaches a node that is a replica now: the write went to it while it was the primary.
    internal const string WaitOnAReplica = "ERR WAIT cannot be used with replica instances";

    private static readonly (string Title, string Detail) FailingOver = (
        "The quote store is failing over",
        "The quote store is failing over to a new primary, so nothing was stored. The quotes already stored can still be read. " +
        $"Try again in {RetryAfterSeconds} seconds.");

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (string Title, string Detail)? problem = exception switch
        {
            WriteNotReplicatedException notConfirmed => NotConfirmed(notConfirmed.Message),
            // A handover demoted the primary after it took the write and before WAIT reached it: whether the new primary
            // has the write is unknown, as when no replica confirms in time.
            RedisServerException { Message: var message } when message.StartsWith(WaitOnAReplica, StringComparison.Ordinal) =>
                NotConfirmed("its primary became a replica before its replicas confirmed the write"),
            RedisServerException { Message: var message } when message.Contains("NOREPLICAS", StringComparison.Ordinal) => (
                "The quote store has no replica in sync",
                "The quote store has no replica in sync, so it takes no writes that a failover could lose; nothing was stored. " +
                $"The quotes already stored can still be read. Try again in {RetryAfterSeconds} seconds."),
            // The node the client sent the write to is a replica now: a failover is under way.
            RedisServerException { Message: var message } when message.StartsWith("READONLY", StringComparison.Ordinal) => FailingOver,
            // The client had chosen the primary, and learnt before sending that it is a replica now (a handover demotes the
            // primary without closing its connections): the command never left, and a failover is under way.
            RedisCommandException { Message: var message } when message.StartsWith(ChosenNodeIsAReplica, StringComparison.Ordinal) => FailingOver,
            _ => null,
        };
        if (problem is not { } answer)
        {
            return false;
        }

        QuoteFrontendLog.WriteNotReplicated(logger, exception.Message);

        return await problemDetails.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, answer.Title, answer.Detail, RetryAfterSeconds).ConfigureAwait(false);
    }

    private static (string Title, string Detail) NotConfirmed(string reason) => (
        "The quote store's replicas did not confirm the write",
        $"The quote reached the store, but {reason}, so it is not acknowledged and may or may not be kept. " +
        $"Try again in {RetryAfterSeconds} seconds with the same Idempotency-Key, and it is stored exactly once.");
}
