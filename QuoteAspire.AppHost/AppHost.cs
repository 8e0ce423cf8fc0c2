using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;

var builder = DistributedApplication.CreateBuilder(args);

// The store's password: generated once and kept in user secrets unless Parameters:quote-store-password is set.
var storePassword = builder.AddParameter(
    "quote-store-password",
    new GenerateParameterDefault { MinLength = 24, Special = false },
    secret: true,
    persist: true);

// Redis, as the article's quote-store: a container, redis-server or Garnet (QuoteStore:Host).
var store = builder.AddQuoteStore("quote-store", storePassword);

// The article's quote-frontend, found by curl on localhost:8000.
builder.AddProject<Projects.QuoteAspire_ApiService>("quote-frontend")
    .WithArticlePort()
    .WithReference(store)
    .WaitFor(store)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
