// The article's flow through the client Kiota generated from the served OpenAPI document: post a quote, list them
// all, then read a one-quote page with its total. Usage: QuoteClientRun FRONTEND-URL QUOTE. It prints one line per
// step for the test to check, and fails with a non-zero exit code on any error answer.
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using QuoteAspire.GeneratedClient;
using QuoteAspire.GeneratedClient.Models;

if (args is not [var frontend, var quote])
{
    Console.Error.WriteLine("usage: QuoteClientRun FRONTEND-URL QUOTE");
    return 2;
}

// The document's server is relative ("/"): the client is told where the frontend that served it runs.
using var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = frontend.TrimEnd('/') };
var client = new QuotesApiClient(adapter);

var stored = await client.Quotes.PostAsync(new QuoteSubmission { Quote = quote });
Console.WriteLine($"posted: {stored?.Quote}");

var all = await client.Quotes.GetAsync() ?? [];
Console.WriteLine($"listed: {all.Count} quotes, the last: {all[^1]}");

// The total is a response header, X-Total-Count, which the generated client reads through this option.
var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var page = await client.Quotes.GetAsync(request =>
{
    request.QueryParameters.Offset = all.Count - 1;
    request.QueryParameters.Limit = 1;
    request.Options.Add(headers);
}) ?? [];
Console.WriteLine($"page: [{string.Join(", ", page)}] of {string.Join(",", headers.ResponseHeaders["X-Total-Count"])}");
return 0;
