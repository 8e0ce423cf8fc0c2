using System.Globalization;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Where the quote store is and how it was found. Aspire hands the frontend a connection string;
/// Kubernetes hands it the variables of the <c>quote-store</c> Service, which the original article's
/// code reads; a bare <c>dotnet run</c> gets the article's default, localhost.
/// </summary>
public sealed record QuoteStoreLocation(string ConnectionString, QuoteStoreLocationSource Source)
{
    /// <summary>The connection name Aspire uses for the store, and the Kubernetes Service name.</summary>
    public const string ConnectionName = "quote-store";

    public const string ServiceHostVariable = "QUOTE_STORE_SERVICE_HOST";
    public const string ServicePortVariable = "QUOTE_STORE_SERVICE_PORT";

    /// <summary>Optional password for the Kubernetes-variable route, which carries none of its own.</summary>
    public const string PasswordVariable = "QUOTE_STORE_PASSWORD";

    public const int DefaultPort = 6379;

    /// <summary>Finds the store: connection string first, then the Kubernetes Service variables, then localhost.</summary>
    public static QuoteStoreLocation Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new(connectionString, QuoteStoreLocationSource.ConnectionString);
        }

        var host = configuration[ServiceHostVariable];
        if (!string.IsNullOrWhiteSpace(host))
        {
            var port = configuration[ServicePortVariable];
            return new(
                Compose(host, string.IsNullOrWhiteSpace(port) ? DefaultPort.ToString(CultureInfo.InvariantCulture) : port, configuration[PasswordVariable]),
                QuoteStoreLocationSource.KubernetesServiceVariables);
        }

        return new(Compose("localhost", DefaultPort.ToString(CultureInfo.InvariantCulture), configuration[PasswordVariable]), QuoteStoreLocationSource.LocalhostDefault);
    }

    /// <summary>The endpoints only, for logs: the password never leaves this record.</summary>
    public string DescribeEndpoints() =>
        string.Join(", ", ConfigurationOptions.Parse(ConnectionString).EndPoints.Select(FormatEndPoint));

    public string DescribeSource() => Source switch
    {
        QuoteStoreLocationSource.ConnectionString => $"the connection string ConnectionStrings:{ConnectionName}",
        QuoteStoreLocationSource.KubernetesServiceVariables => $"the Kubernetes Service variables {ServiceHostVariable}/{ServicePortVariable}",
        _ => $"the default localhost:{DefaultPort}, since neither ConnectionStrings:{ConnectionName} nor {ServiceHostVariable} is set",
    };

    private static string Compose(string host, string port, string? password)
    {
        var options = new ConfigurationOptions();
        options.EndPoints.Add(host.Trim(), int.Parse(port.Trim(), NumberStyles.None, CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(password))
        {
            options.Password = password;
        }

        return options.ToString(includePassword: true);
    }

    private static string FormatEndPoint(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "unknown",
    };
}
