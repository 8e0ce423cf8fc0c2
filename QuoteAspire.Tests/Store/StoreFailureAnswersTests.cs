using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// What a request gets when the store client throws, with the exception handlers the frontend registers, in their order,
/// as ASP.NET Core's exception handler middleware runs them. Some of these exceptions come only from a race in the client
/// (a node that turns replica between the client's choice of it and the write), so no graph can produce them on demand.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class StoreFailureAnswersTests
{
    public static TheoryData<string, int, string> Failures => new()
    {
        { "connection", 503, QuoteStoreUnavailableHandler.Title },
        { "timeout", 503, QuoteStoreUnavailableHandler.Title },
        // A node that has just started, still reading its append-only file back.
        { "LOADING", 503, QuoteStoreUnavailableHandler.Title },
        { "READONLY", 503, "The quote store is failing over" },
        // The client chose the primary, and before it wrote, it learnt that node is a replica now (a handover's demotion).
        { "replica chosen", 503, "The quote store is failing over" },
        { "NOREPLICAS", 503, "The quote store has no replica in sync" },
        // The primary took the write, and a handover demoted it before the WAIT that confirms the write reached it.
        { "WAIT on a replica", 503, "The quote store's replicas did not confirm the write" },
        { "OOM", 507, "The quote store is full" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EachStoreFailureIsAnsweredWithProblemDetailsThatSayWhatToDo(string failure, int status, string title)
    {
        var (handled, context) = await AnswerAsync(ExceptionFor(failure));

        Assert.True(handled, $"No handler answered {failure}: the client would get a 500.");
        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (status == (int)HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        }
    }

    [Fact]
    public async Task AnExceptionNoHandlerKnowsIsLeftForTheFrameworksOwn500()
    {
        var (handled, _) = await AnswerAsync(new InvalidOperationException("not the store's"));

        Assert.False(handled);
    }

    private static Exception ExceptionFor(string failure) => failure switch
    {
        "connection" => new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.DemandMaster, "No connection is active/available to service this operation: EVALSHA", null, CommandStatus.WaitingToBeSent),
        "timeout" => new RedisTimeoutException(CommandFlags.DemandMaster, "Timeout awaiting response (outbound=0KiB, inbound=0KiB, 1000ms elapsed, timeout is 1000ms)", CommandStatus.Sent),
        "LOADING" => new RedisServerException(RedisErrorKind.Loading, CommandFlags.DemandMaster, "LOADING Redis is loading the dataset in memory"),
        "READONLY" => new RedisServerException(RedisErrorKind.ReadOnly, CommandFlags.DemandMaster, "READONLY You can't write against a read only replica. script: 1b9c, on @user_script:12."),
        // The client's own words (StackExchange.Redis ExceptionFactory.PrimaryOnly), with the detail it adds.
        "replica chosen" => new RedisCommandException("Command cannot be issued to a replica: EVALSHA quotes, mc: 1, serverEndpoint: quote-store-0.quote-store-peers:6379"),
        "NOREPLICAS" => new RedisServerException(RedisErrorKind.NoReplicas, CommandFlags.DemandMaster, "NOREPLICAS Not enough good replicas to write."),
        "WAIT on a replica" => new RedisServerException(RedisErrorKind.UnknownError, CommandFlags.DemandMaster, "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated."),
        "OOM" => new RedisServerException(RedisErrorKind.OutOfMemory, CommandFlags.DemandMaster, "OOM command not allowed when used memory > 'maxmemory'. script: 1b9c, on @user_script:12."),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "no such failure"),
    };

    // The frontend's own registration, with a store address that is never dialled: the handlers need none.
    private static async Task<(bool Handled, HttpContext Context)> AnswerAsync(Exception exception)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{QuoteStoreLocation.ConnectionName}"] = "127.0.0.1:1" });
        builder.Services.AddProblemDetails();
        builder.AddQuoteStoreClient();
        await using var services = builder.Services.BuildServiceProvider();

        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        foreach (var handler in services.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken))
            {
                return (true, context);
            }
        }

        return (false, context);
    }
}
