using k8s;
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
            await KubernetesPublish.RunAsync(published, [$"Parameters:quote-store-password={DefaultManifests.StorePassword}", .. settings]);
        }

        var store = StoreImageSetting.Default;
        var testStore = StoreImageSetting.Parse(TestImages.Redis);
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
              - name: {PublishedWorkloadsFixture.Frontend}
                newName: {image.Image[..image.Image.LastIndexOf(':')]}
                newTag: {image.Tag}
            """);
        var (exitCode, output) = await ExternalTool.RunAsync("kubectl", ["kustomize", overlay], null, ExternalTool.DefaultTimeout);
        Assert.True(exitCode == 0, $"kubectl kustomize failed:\n{output}");
        return [.. KubernetesYaml.LoadAllFromString(output)];
    }
}
