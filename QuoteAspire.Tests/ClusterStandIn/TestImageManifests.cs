using k8s;
using k8s.Models;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.Containers;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// Published manifests with the test images in them, put in as kustomize's <c>images:</c> puts them: read through
/// <c>kubectl kustomize</c> of an overlay that names them, as a user would swap images without publishing again.
/// </summary>
public static class TestImageManifests
{
    /// <summary>
    /// The run's default manifests, or, with <paramref name="settings"/> (<c>Key=value</c>), those of a publish of their
    /// own into <paramref name="folder"/>, with the store password the default ones have.
    /// </summary>
    public static async Task<List<object>> PublishAsync(DefaultManifests defaults, FrontendImageFixture image, string folder, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(image);

        var published = Path.Combine(folder, "published");
        if (settings.Length == 0)
        {
            published = await defaults.PublishedDirectoryAsync();
        }
        else
        {
            await KubernetesPublish.RunAsync(published, [.. DefaultManifests.PasswordSettings, .. settings]);
        }

        var store = QuoteStoreOptions.DefaultImage;
        var testStore = new QuoteStoreOptions { Image = TestImages.Redis }.StoreImage;
        var exporter = QuoteStoreOptions.DefaultExporterImage;
        var testExporter = new QuoteStoreOptions { ExporterImage = TestImages.RedisExporter }.StoreExporterImage;
        var frontendImage = image.Image[..image.Image.LastIndexOf(':')];
        var overlay = Directory.CreateDirectory(Path.Combine(folder, "overlay")).FullName;
        await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - {Path.GetRelativePath(overlay, published)}
            images:
              - name: {store.Registry}/{store.Repository}
                newName: {testStore.Registry}/{testStore.Repository}
                newTag: {testStore.Tag}
              - name: {exporter.Registry}/{exporter.Repository}
                newName: {testExporter.Registry}/{testExporter.Repository}
                newTag: {testExporter.Tag}
              - name: {PublishedWorkloadsFixture.Frontend}
                newName: {frontendImage}
                newTag: {image.Tag}
            """);
        var (exitCode, output) = await ExternalTool.RunAsync("kubectl", ["kustomize", overlay], null, ExternalTool.DefaultTimeout);
        Assert.True(exitCode == 0, $"kubectl kustomize failed:\n{output}");
        List<object> objects = [.. KubernetesYaml.LoadAllFromString(output)];

        // The on-demand Jobs are not in the kustomization (kustomize refuses their generated names): an operator who swaps
        // images swaps theirs with `kubectl set image --local` on the way to `kubectl create -f -`, and so does this.
        var swaps = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{store.Registry}/{store.Repository}"] = TestImages.Redis,
            [PublishedWorkloadsFixture.Frontend] = image.Image,
        };
        foreach (var file in Directory.EnumerateFiles(published, "job-*.yaml").Order(StringComparer.Ordinal))
        {
            var job = KubernetesYaml.Deserialize<V1Job>(await File.ReadAllTextAsync(file));
            string[] images = [.. job.Spec.Template.Spec.Containers.Concat(job.Spec.Template.Spec.InitContainers ?? [])
                .Where(container => swaps.ContainsKey(ImageName(container.Image)))
                .Select(container => $"{container.Name}={swaps[ImageName(container.Image)]}")];
            (exitCode, output) = await ExternalTool.RunAsync("kubectl", ["set", "image", "--local", "-f", file, "-o", "yaml", .. images], null, ExternalTool.DefaultTimeout);
            Assert.True(exitCode == 0, $"kubectl set image --local -f {file} failed:\n{output}");
            objects.Add(KubernetesYaml.Deserialize<V1Job>(output));
        }

        return objects;
    }

    // The image without its tag or digest: what kustomize's images: entries match on.
    private static string ImageName(string image)
    {
        var digest = image.IndexOf('@', StringComparison.Ordinal);
        var name = digest >= 0 ? image[..digest] : image;
        var tag = name.LastIndexOf(':');
        return tag > name.LastIndexOf('/') ? name[..tag] : name;
    }
}
