namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The test classes that share the graph running the native frontend. They run alone, after the rest: the native
/// publish keeps both cores busy for a minute or more, which would upset the timing of the fault tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeFrontendGraph : ICollectionFixture<NativeFrontendAppFixture>
{
    public const string Name = "native frontend graph";
}
