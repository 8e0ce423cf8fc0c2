using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Renders app model values (parameters, endpoints, connection strings, expressions) as text a pod
/// can use. Secret parameters never appear as text: they become <c>$(VAR)</c> references to
/// variables filled from their Secret, which Kubernetes expands in env values, command and args.
/// </summary>
internal sealed class ValueRenderer(Func<EndpointReference, WorkloadPort> portOf)
{
    private const string SecretVariablePrefix = "SECRET_";

    /// <summary>The secret parameters the rendered values used, in first-use order.</summary>
    public List<ParameterResource> SecretsUsed { get; } = [];

    /// <summary>The variable a secret parameter is read into, for <c>$(VAR)</c> expansion.</summary>
    public static string SecretVariableName(ParameterResource parameter) =>
        SecretVariablePrefix + KubernetesNames.ToEnvironmentName(parameter.Name);

    /// <summary>Whether a variable is one of those <see cref="SecretVariableName"/> names.</summary>
    public static bool IsSecretVariable(string name) => name.StartsWith(SecretVariablePrefix, StringComparison.Ordinal);

    public async Task<string> RenderAsync(object? value, CancellationToken cancellationToken) => value switch
    {
        null => string.Empty,
        string text => text,
        ParameterResource { Secret: true } secret => ReferenceSecret(secret),
        ParameterResource parameter => await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty,
        ConnectionStringReference reference => await RenderAsync(reference.Resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false),
        IResourceWithConnectionString resource => await RenderAsync(resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false),
        EndpointReference endpoint => RenderEndpoint(endpoint, EndpointProperty.Url),
        EndpointReferenceExpression expression => RenderEndpoint(expression.Endpoint, expression.Property),
        ReferenceExpression expression => await RenderExpressionAsync(expression, cancellationToken).ConfigureAwait(false),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IValueProvider provider => await RenderUnknownProviderAsync(provider, cancellationToken).ConfigureAwait(false),
        _ => throw new NotSupportedException($"A value of type {value.GetType().Name} cannot be published to Kubernetes."),
    };

    private string ReferenceSecret(ParameterResource secret)
    {
        if (!SecretsUsed.Contains(secret))
        {
            SecretsUsed.Add(secret);
        }

        return $"$({SecretVariableName(secret)})";
    }

    private string RenderEndpoint(EndpointReference endpoint, EndpointProperty property)
    {
        var port = portOf(endpoint);
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

    private async Task<string> RenderExpressionAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        if (expression.IsConditional)
        {
            var condition = await RenderAsync(expression.Condition, cancellationToken).ConfigureAwait(false);
            var branch = string.Equals(condition, expression.MatchValue, StringComparison.OrdinalIgnoreCase) ? expression.WhenTrue : expression.WhenFalse;
            return await RenderAsync(branch, cancellationToken).ConfigureAwait(false);
        }

        var parts = new object[expression.ValueProviders.Count];
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
            parts[index] = format == "uri" ? Uri.EscapeDataString(rendered) : rendered;
        }

        return string.Format(CultureInfo.InvariantCulture, expression.Format, parts);
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
