using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// The hosts file the members of a replicated store run as local containers share as their <c>/etc/hosts</c>, and the
/// folder it is written in: each member writes its own address into it as it starts (<c>Scripts/store-start.sh</c>,
/// which says why the container runtime's DNS is not used). One per run, under the temporary folder, gone when the
/// AppHost stops.
/// </summary>
internal sealed class PeerHostsFolder
{
    /// <summary>The file's name in the folder.</summary>
    public const string FileName = "hosts";

    // Written at one size and rewritten in place (see the script), so a reader never meets an empty file.
    private const int FileSize = 4096;

    private PeerHostsFolder(string path, string mountPath)
    {
        HostPath = path;
        MountPath = mountPath;
    }

    /// <summary>The folder on this machine.</summary>
    public string HostPath { get; }

    /// <summary>Where each member finds the folder, to write its line: named for the set.</summary>
    public string MountPath { get; }

    /// <summary>The file's path inside a member, for its script.</summary>
    public string FileInContainer => $"{MountPath}/{FileName}";

    /// <summary>
    /// Names the folder of the set <paramref name="setName"/> now, for the mounts, and creates it, with a file that names
    /// only the loopback, when the app starts; deletes it when the AppHost stops. Containers are only started in run mode:
    /// a publish names nothing, and a model that is built but never started leaves nothing behind.
    /// </summary>
    public static PeerHostsFolder? CreateForRun(IDistributedApplicationBuilder builder, string setName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.ExecutionContext.IsRunMode)
        {
            return null;
        }

        var folder = new PeerHostsFolder(Path.Combine(Path.GetTempPath(), $"{setName}-peers-{Guid.NewGuid():N}"), $"/run/{setName}-peers");
        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            folder.Create();
            started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(folder.Delete);
            return Task.CompletedTask;
        });
        return folder;
    }

    /// <summary>Mounts the folder, for the member's own line, and the file as the member's <c>/etc/hosts</c>.</summary>
    public IResourceBuilder<T> MountInto<T>(IResourceBuilder<T> member) where T : ContainerResource =>
        member
            .WithBindMount(HostPath, MountPath)
            .WithBindMount(Path.Combine(HostPath, FileName), "/etc/hosts", isReadOnly: true);

    private void Create()
    {
        Directory.CreateDirectory(HostPath);
        var loopback = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback";
        File.WriteAllText(Path.Combine(HostPath, FileName), loopback.PadRight(FileSize - 1) + "\n");
    }

    private void Delete()
    {
        if (Directory.Exists(HostPath))
        {
            Directory.Delete(HostPath, recursive: true);
        }
    }
}
