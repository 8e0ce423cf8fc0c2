using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// The hosting library QuoteAspire.Hosting.Commands on a model of its own: the command a verb adds and what it sends,
/// answered by a handler of the test's, with no app of ours and no process.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class CommandsHostingTests
{
    [Fact]
    public async Task AFormPostCommandPostsEachValueInOrderAndRetriesA503UnderTheSameIdempotencyKey()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var api = builder.AddContainer("api", "api-image").WithHttpEndpoint(targetPort: 8080, name: "web")
            .WithFormPostCommand("add-entries", "Add entries", "/entries", "entry", ["first", "second"], new FormPostCommandOptions
            {
                Description = "Posts two entries.",
                EndpointName = "web",
                UnavailableBudget = TimeSpan.FromSeconds(10),
                SuccessMessage = waitedOut => $"Posted, after {waitedOut} 503(s).",
            });
        var endpoint = Assert.Single(api.Resource.Annotations.OfType<EndpointAnnotation>());
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 5999);
        var handler = new AnsweringHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created, HttpStatusCode.Created);

        var command = Assert.Single(api.Resource.Annotations.OfType<ResourceCommandAnnotation>());
        var result = await command.ExecuteCommand(new ExecuteCommandContext
        {
            ResourceName = "api",
            Services = new ServiceCollection().AddSingleton<IHttpClientFactory>(new HandlerClientFactory(handler)).BuildServiceProvider(),
            Arguments = default!,
            Logger = NullLogger.Instance,
            CancellationToken = TestContext.Current.CancellationToken,
        });

        Assert.Equal((true, "Posted, after 1 503(s)."), (result.Success, result.Message));
        Assert.Equal(("Add entries", "Posts two entries.", null), (command.DisplayName, command.DisplayDescription, command.ConfirmationMessage));
        Assert.Equal(ResourceCommandStates.EnabledWhenHealthy, command.UpdateState);
        Assert.Equal(["entry=first", "entry=first", "entry=second"], handler.Posts.Select(post => post.Form));
        Assert.All(handler.Posts, post => Assert.Equal("http://localhost:5999/entries", post.Uri));
        Assert.Equal(handler.Posts[0].Key, handler.Posts[1].Key);
        Assert.NotEqual(handler.Posts[1].Key, handler.Posts[2].Key);
    }

    [Fact]
    public async Task AFormPostCommandFailsWithTheAnswerOfAnythingButA503()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var api = builder.AddContainer("api", "api-image").WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithFormPostCommand("add-entries", "Add entries", "/entries", "entry", ["first", "second"], new FormPostCommandOptions
            {
                Description = "Posts two entries.",
                UnavailableBudget = TimeSpan.FromSeconds(10),
                SuccessMessage = _ => "Posted.",
            });
        var endpoint = Assert.Single(api.Resource.Annotations.OfType<EndpointAnnotation>());
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 5999);
        var handler = new AnsweringHandler(HttpStatusCode.BadRequest);

        var result = await Assert.Single(api.Resource.Annotations.OfType<ResourceCommandAnnotation>()).ExecuteCommand(new ExecuteCommandContext
        {
            ResourceName = "api",
            Services = new ServiceCollection().AddSingleton<IHttpClientFactory>(new HandlerClientFactory(handler)).BuildServiceProvider(),
            Arguments = default!,
            Logger = NullLogger.Instance,
            CancellationToken = TestContext.Current.CancellationToken,
        });

        Assert.Equal((false, "POST /entries answered 400: refused"), (result.Success, result.Message));
        Assert.Single(handler.Posts);
        Assert.Throws<ArgumentException>(() => api.WithFormPostCommand("add-entries", "Add entries", " ", "entry", [], new FormPostCommandOptions
        {
            Description = "Posts nothing.",
            UnavailableBudget = TimeSpan.Zero,
            SuccessMessage = _ => "",
        }));
    }

    /// <summary>Answers each request with the next status, a 503 asking for no wait, and keeps what was posted.</summary>
    private sealed class AnsweringHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _next;

        public List<(string Uri, string Form, string Key)> Posts { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Posts.Add((request.RequestUri!.ToString(), await request.Content!.ReadAsStringAsync(cancellationToken), string.Join(',', request.Headers.GetValues("Idempotency-Key"))));
            var response = new HttpResponseMessage(statuses[_next++]) { Content = new StringContent("refused") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return response;
        }
    }

    private sealed class HandlerClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
