namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Tests that run the AppHost with its launch profile: its dashboard ports are fixed, so one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RunningAppHostGroup
{
    public const string Name = "dotnet run of the AppHost";
}
