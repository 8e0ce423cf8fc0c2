using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// A page of quotes as the store returned them, UTF-8 bytes, answered as a JSON array of strings written straight from
/// those bytes: no string per quote, no decoding to UTF-16 and encoding back, three passes over every quote where one
/// does (the page's share of the native frontend's CPU, docs/benchmarks.md). It declares itself as <c>string[]</c>, so
/// the OpenAPI document and the clients generated from it see the same answer as before.
/// </summary>
public sealed class StoredQuotes(RedisValue[] quotes) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>The quotes, oldest first.</summary>
    public IReadOnlyList<RedisValue> Quotes { get; } = quotes;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        // The same encoder as every other answer (Program.cs: quotes as people wrote them, not \u escapes).
        var encoder = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStartArray();
            foreach (var quote in Quotes)
            {
                WriteQuote(writer, quote);
            }

            writer.WriteEndArray();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// One quote, escaped as the writer's encoder says. Every quote this service stored is valid UTF-8; bytes another
    /// client stored may not be, and the writer replaces each bad sequence with U+FFFD, as decoding them for the whole
    /// list does (ForeignQuoteBytesTests).
    /// </summary>
    public static void WriteQuote(Utf8JsonWriter writer, RedisValue quote)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(((ReadOnlyMemory<byte>)quote).Span);
    }

    /// <summary>Declares the answer as the framework would for <c>Ok&lt;string[]&gt;</c>: 200, a JSON array of strings.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string[]), ["application/json"]));
    }
}
