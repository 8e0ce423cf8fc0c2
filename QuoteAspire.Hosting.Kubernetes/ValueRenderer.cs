using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>A value as a pod reads it, and the secret parameters (by name) whose <c>$(VAR)</c> it uses.</summary>
internal sealed record RenderedValue(string Text, IReadOnlyList<string> Secrets)
{
    public static RenderedValue Plain(string text) => new(text, []);
}

/// <summary>
/// Renders app model values (parameters, endpoints, connection strings, expressions) as text a pod
/// can use. Secret parameters never appear as text: they become <c>$(VAR)</c> references to
/// variables filled from their Secret, which Kubernetes expands in env values, command and args;
/// each rendered value says which secrets it references, so the reader defines those variables.
/// </summary>
/// <param name="ports">The published ports of every resource, by resource name, for endpoint references.</param>
internal sealed class ValueRenderer(IReadOnlyDictionary<string, IReadOnlyList<WorkloadPort>> ports)
{
    private const string SecretVariablePrefix = "SECRET_";

    /// <summary>The variable a secret parameter is read into, for <c>$(VAR)</c> expansion.</summary>
    public static string SecretVariableName(string secretName) =>
        SecretVariablePrefix + KubernetesNames.ToEnvironmentName(secretName);

    /// <summary>Whether a variable is one of those <see cref="SecretVariableName"/> names.</summary>
    public static bool IsSecretVariable(string name) => name.StartsWith(SecretVariablePrefix, StringComparison.Ordinal);

    public async Task<RenderedValue> RenderAsync(object? value, CancellationToken cancellationToken) => value switch
    {
        null => RenderedValue.Plain(string.Empty),
        string text => RenderedValue.Plain(text),
        ParameterResource { Secret: true } secret => new($"$({SecretVariableName(secret.Name)})", [secret.Name]),
        ParameterResource parameter => RenderedValue.Plain(await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty),
        ConnectionStringReference reference => await RenderAsync(reference.Resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false),
        IResourceWithConnectionString resource => await RenderAsync(resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false),
        EndpointReference endpoint => RenderedValue.Plain(RenderEndpoint(endpoint, EndpointProperty.Url)),
        EndpointReferenceExpression expression => RenderedValue.Plain(RenderEndpoint(expression.Endpoint, expression.Property)),
        ReferenceExpression expression => await RenderExpressionAsync(expression, cancellationToken).ConfigureAwait(false),
        IFormattable formattable => RenderedValue.Plain(formattable.ToString(null, CultureInfo.InvariantCulture)),
        IValueProvider provider => RenderedValue.Plain(await RenderUnknownProviderAsync(provider, cancellationToken).ConfigureAwait(false)),
        _ => throw new NotSupportedException($"A value of type {value.GetType().Name} cannot be published to Kubernetes."),
    };

    private string RenderEndpoint(EndpointReference endpoint, EndpointProperty property)
    {
        var port = ports.GetValueOrDefault(endpoint.Resource.Name)?.FirstOrDefault(port => port.Name == endpoint.EndpointName)
            ?? throw new InvalidOperationException($"'{endpoint.Resource.Name}' has no published endpoint '{endpoint.EndpointName}'.");
        var host = endpoint.Resource.Name;
        return property switch
        {
            EndpointProperty.Url => $"{endpoint.Scheme}://{host}:{port.ServicePort}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => port.ServicePort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => port.ContainerPort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.HostAndPort => $"{host}:{port.ServicePort}",
            EndpointProperty.Scheme => endpoint.Scheme,
            // Pods talk plain TCP inside the cluster; TLS, where wanted, ends at the ingress.
            EndpointProperty.TlsEnabled => bool.FalseString,
            _ => throw new NotSupportedException($"The endpoint property {property} cannot be published to Kubernetes."),
        };
    }

    private async Task<RenderedValue> RenderExpressionAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        if (expression.IsConditional)
        {
            var condition = await RenderAsync(expression.Condition, cancellationToken).ConfigureAwait(false);
            var branch = string.Equals(condition.Text, expression.MatchValue, StringComparison.OrdinalIgnoreCase) ? expression.WhenTrue : expression.WhenFalse;
            return await RenderAsync(branch, cancellationToken).ConfigureAwait(false);
        }

        var parts = new object[expression.ValueProviders.Count];
        var secrets = new List<string>();
        for (var index = 0; index < parts.Length; index++)
        {
            var provider = expression.ValueProviders[index];
            var format = index < expression.StringFormats.Count ? expression.StringFormats[index] : null;
            if (format is not null && provider is ParameterResource { Secret: true } secret)
            {
                throw new NotSupportedException(
                    $"The secret '{secret.Name}' is used with the format '{format}', which a pod cannot apply to a Secret value. Use the plain value instead.");
            }

            var rendered = await RenderAsync(provider, cancellationToken).ConfigureAwait(false);
            parts[index] = format == "uri" ? Uri.EscapeDataString(rendered.Text) : rendered.Text;
            secrets.AddRange(rendered.Secrets.Except(secrets, StringComparer.Ordinal));
        }

        return new(string.Format(CultureInfo.InvariantCulture, expression.Format, parts), secrets);
    }

    private static async Task<string> RenderUnknownProviderAsync(IValueProvider provider, CancellationToken cancellationToken)
    {
        if (provider is IValueWithReferences withReferences && withReferences.References.OfType<ParameterResource>().Any(parameter => parameter.Secret))
        {
            throw new NotSupportedException($"A {provider.GetType().Name} that wraps a secret cannot be published to Kubernetes.");
        }

        return await provider.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }
}
