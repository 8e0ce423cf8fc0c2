namespace QuoteAspire.ApiService.Documentation;

/// <summary>One method of one route in <see cref="ApiIndex"/>.</summary>
public sealed record ApiOperation(string? Summary, IReadOnlyList<string>? Accepts, IReadOnlyList<int> Statuses, string? Example);
