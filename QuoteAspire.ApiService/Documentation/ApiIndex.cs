namespace QuoteAspire.ApiService.Documentation;

/// <summary>The JSON answer of <c>GET /</c>.</summary>
public sealed record ApiIndex(
    IReadOnlyDictionary<string, SortedDictionary<string, ApiOperation>> Documentation,
    string Reference,
    string OpenApi);
