using System.Reflection;
using QuoteAspire.Tests.Infrastructure;
using Xunit.v3;

namespace QuoteAspire.Tests.Suite;

/// <summary>Every test class is in one tier, so a filter on the tier misses none and runs none twice.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class TierTests
{
    [Fact]
    public void EveryTestClassCarriesExactlyOneKnownTier()
    {
        var testClasses = typeof(TierTests).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false })
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()));

        var wrong = testClasses
            .Select(type => (type.Name, Tiers: TiersOf(type)))
            .Where(test => test.Tiers.Count != 1 || !Tier.All.Contains(test.Tiers[0]))
            .Select(test => $"{test.Name}: [{string.Join(", ", test.Tiers)}]")
            .ToList();

        Assert.True(wrong.Count == 0, $"Each test class needs one [Trait(Tier.Name, Tier.X)] of {string.Join(", ", Tier.All)}:\n{string.Join('\n', wrong)}");
    }

    private static List<string> TiersOf(Type type) =>
        [.. type.GetCustomAttributes(inherit: true).OfType<ITraitAttribute>()
            .SelectMany(attribute => attribute.GetTraits())
            .Where(trait => trait.Key == Tier.Name)
            .Select(trait => trait.Value)];
}
