using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Asks an image's registry which digest its tag names now (the Docker Registry HTTP API: <c>HEAD
/// /v2/&lt;repository&gt;/manifests/&lt;tag&gt;</c>, with an anonymous token where the registry asks for one), so a
/// deploy can pin the image and every pod runs the same bytes, whatever the tag names later.
/// </summary>
internal sealed class RegistryDigests(HttpClient http)
{
    // What a multi-platform tag names (an index) or a single one (a manifest): the digest is of whichever it is.
    private static readonly string[] s_manifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>The reference pinned (<c>registry/repository@sha256:...</c>), or why it cannot be.</summary>
    public async Task<(string? Pinned, string? Why)> PinAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, null);
        }

        var colon = image.LastIndexOf(':');
        if (colon < 0 || colon < image.LastIndexOf('/'))
        {
            return (null, "it names no tag");
        }

        var (name, tag) = (image[..colon], image[(colon + 1)..]);
        // As Docker reads a name: its first part is a registry when it looks like a host, else the name is on Docker Hub.
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? string.Empty : name[..slash];
        var (registry, repository) = head.Contains('.', StringComparison.Ordinal) || head.Contains(':', StringComparison.Ordinal) || head == "localhost"
            ? (head, name[(slash + 1)..])
            : ("docker.io", slash < 0 ? $"library/{name}" : name);
        // Docker Hub's API answers at its own host.
        var host = registry == "docker.io" ? "registry-1.docker.io" : registry;
        // As Docker does, a registry on this machine is spoken to in plain http.
        var scheme = host.StartsWith("127.0.0.1", StringComparison.Ordinal) || host.StartsWith("localhost", StringComparison.Ordinal) ? "http" : "https";
        var manifest = new Uri($"{scheme}://{host}/v2/{repository}/manifests/{tag}");
        try
        {
            using var first = await HeadAsync(manifest, token: null, cancellationToken).ConfigureAwait(false);
            using var answer = first.StatusCode == HttpStatusCode.Unauthorized && await TokenAsync(first, cancellationToken).ConfigureAwait(false) is { } token
                ? await HeadAsync(manifest, token, cancellationToken).ConfigureAwait(false)
                : null;
            var final = answer ?? first;
            return final.IsSuccessStatusCode && final.Headers.TryGetValues("Docker-Content-Digest", out var digests) && digests.FirstOrDefault() is { } digest
                ? ($"{name}@{digest}", null)
                : (null, $"{manifest.Host} answered {(int)final.StatusCode} {final.ReasonPhrase}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"{manifest.Host} did not answer: {exception.Message}");
        }
    }

    private async Task<HttpResponseMessage> HeadAsync(Uri manifest, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, manifest);
        foreach (var type in s_manifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // The anonymous pull token the registry's challenge points to (Bearer realm="...",service="...",scope="...").
    private async Task<string?> TokenAsync(HttpResponseMessage challenge, CancellationToken cancellationToken)
    {
        if (challenge.Headers.WwwAuthenticate.FirstOrDefault(header => header.Scheme == "Bearer")?.Parameter is not { } parameter)
        {
            return null;
        }

        var fields = parameter.Split(',')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim().Trim('"'), StringComparer.Ordinal);
        if (!fields.TryGetValue("realm", out var realm))
        {
            return null;
        }

        var query = string.Join('&', fields.Where(field => field.Key != "realm").Select(field => $"{field.Key}={Uri.EscapeDataString(field.Value)}"));
        using var response = await http.GetAsync(new Uri($"{realm}?{query}"), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return body.RootElement.TryGetProperty("token", out var value) ? value.GetString() : null;
    }
}
