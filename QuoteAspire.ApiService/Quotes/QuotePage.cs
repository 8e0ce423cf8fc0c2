using System.Globalization;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>A slice of the list asked for with <c>?offset=N&amp;limit=M</c>.</summary>
public sealed record QuotePage(long Offset, int Limit)
{
    public const string OffsetParameter = "offset";
    public const string LimitParameter = "limit";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Reads the paging parameters; null when neither is given (the whole list), or the errors that name what to fix.</summary>
    public static (QuotePage? Page, Dictionary<string, string[]>? Errors) Parse(string? offset, string? limit)
    {
        if (offset is null && limit is null)
        {
            return (null, null);
        }

        var errors = new Dictionary<string, string[]>();
        long parsedOffset = 0;
        var parsedLimit = DefaultLimit;
        if (offset is not null && (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out parsedOffset)))
        {
            errors[OffsetParameter] = [$"'{offset}' is not a valid offset: use a whole number from 0 up."];
        }

        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
        {
            errors[LimitParameter] = [$"'{limit}' is not a valid limit: use a whole number from 1 to {MaxLimit}."];
        }

        return errors.Count > 0 ? (null, errors) : (new QuotePage(parsedOffset, parsedLimit), null);
    }

    /// <summary>The RFC 8288 Link header value with <c>next</c> and <c>prev</c> where they exist.</summary>
    public string? LinkHeader(string path, long total)
    {
        var links = new List<string>();
        if (Offset + Limit < total)
        {
            links.Add(Link(path, Offset + Limit, "next"));
        }

        if (Offset > 0)
        {
            links.Add(Link(path, Math.Max(0, Offset - Limit), "prev"));
        }

        return links.Count == 0 ? null : string.Join(", ", links);
    }

    private string Link(string path, long offset, string relation) =>
        string.Create(CultureInfo.InvariantCulture, $"<{path}?{OffsetParameter}={offset}&{LimitParameter}={Limit}>; rel=\"{relation}\"");
}
