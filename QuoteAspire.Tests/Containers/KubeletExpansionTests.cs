using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
namespace QuoteAspire.Tests.Containers;

/// <summary>The test stand-in for the kubelet expands <c>$(VAR)</c> as the kubelet does, or the workload runs prove nothing.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubeletExpansionTests
{
    private static readonly Dictionary<string, string> s_defined = new(StringComparer.Ordinal) { ["SECRET"] = "s3cret", ["PORT"] = "6379" };

    [Theory]
    [InlineData("quote-store:$(PORT),password=$(SECRET)", "quote-store:6379,password=s3cret")]
    [InlineData("$(UNDEFINED) stays", "$(UNDEFINED) stays")]
    [InlineData("$$(SECRET) is escaped", "$(SECRET) is escaped")]
    [InlineData("$REDIS_PASSWORD is the shell's", "$REDIS_PASSWORD is the shell's")]
    [InlineData("${TARGET_HOST:-127.0.0.1} too", "${TARGET_HOST:-127.0.0.1} too")]
    [InlineData("unclosed $(SECRET", "unclosed $(SECRET")]
    [InlineData("ends in $", "ends in $")]
    public void ReferencesToDefinedNamesAreReplacedAndEverythingElseIsLeftAsWritten(string text, string expected) =>
        Assert.Equal(expected, KubeletExpansion.Expand(text, s_defined));
}
