using System.Text.Encodings.Web;
using Microsoft.AspNetCore.HttpLogging;
using QuoteAspire.ApiService.Documentation;
using QuoteAspire.ApiService.Http;
using QuoteAspire.ApiService.Problems;
using QuoteAspire.ApiService.Quotes;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddQuoteStoreClient();

builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblemDetails.ExplainWhatToFix);
builder.Services.AddApiDocumentation();
// One line per request in the console (the dashboard's console logs), when the log level asks for it:
// appsettings.Development.json does; in production the middleware checks the level and does nothing more.
builder.Services.AddHttpLogging(options =>
{
    options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
        | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    options.CombineLogs = true;
});
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddQuotePostRateLimiting(builder.Configuration);
builder.Services.AddQuotes();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    // Quotes come back as people wrote them ("Émile", "名言", emoji) rather than as \u escapes;
    // the body is application/json, never HTML, so the relaxed encoder is safe here.
    options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});

var app = builder.Build();

// First, so that every answer carries it, the exception handler's and the limits' too.
app.UseNoSniff();
// Before anything that asks who the client is: a post's budget is the client's, not its proxy's.
app.UseTrustedProxies();
app.UseHttpLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();

app.MapApiDocumentation();
app.MapDefaultEndpoints();
app.MapQuotes();

app.LogQuoteStoreLocation();
app.Run();
