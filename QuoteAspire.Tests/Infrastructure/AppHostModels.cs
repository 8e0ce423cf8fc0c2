using Aspire.Hosting.Testing;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The AppHost's model, built from its settings without starting anything, or the reason it refused to build.</summary>
public static class AppHostModels
{
    /// <summary>Builds the AppHost's model with <paramref name="args"/> as its settings (<c>Key=Value</c>).</summary>
    public static async Task<IDistributedApplicationTestingBuilder> BuildAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(args, TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");

    /// <summary>Why the AppHost refuses to build with <paramref name="args"/>: the message its builder threw.</summary>
    public static async Task<string> RefusalAsync(params string[] args) => (await RefusingErrorAsync(args)).Message;

    /// <summary>The error the AppHost's builder throws when it refuses to build with <paramref name="args"/>.</summary>
    public static async Task<Exception> RefusingErrorAsync(params string[] args)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildAsync(args));
        return (error as AggregateException)?.InnerException ?? error;
    }
}
