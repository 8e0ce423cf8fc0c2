using System.Text;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// The cluster's DNS for the pods the stand-in runs: one hosts file, mounted read-only as every container's
/// <c>/etc/hosts</c>, that holds each running pod's names (its peer name, the Services that select it) and loses them
/// when the pod goes, as a cluster's DNS does. A name it does not hold fails at once: the containers' only nameserver
/// is 127.0.0.1, where nothing listens.
/// </summary>
/// <remarks>
/// Why not Podman's DNS: Debian 12's aardvark-dns drops queries while it reloads, and it reloads whenever a container
/// joins or leaves any network. A Sentinel resolves its peers in its event loop, so a dropped query blocks it for the
/// resolver's timeout (10 s seen), and a Sentinel blocked over 2 s enters TILT mode and fails nothing over for 30 s.
/// A cluster's DNS does not stop answering when a pod starts, so that stall is the stand-in's, not the manifests'.
/// </remarks>
public sealed class ClusterDns
{
    // Written in place at one size, never truncated: a container reading it mid-write sees the old or the new text,
    // never an empty file. Its bind mount follows the inode, so the file cannot be replaced by a rename either.
    private const int FileSize = 4096;

    private readonly Dictionary<string, (string Address, string[] Names)> _records = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ClusterDns(string folder)
    {
        HostsFile = Path.Combine(folder, "cluster-dns.hosts");
        Write();
    }

    /// <summary>The hosts file the containers mount.</summary>
    public string HostsFile { get; }

    /// <summary>The <c>podman run</c> or <c>podman pod create</c> arguments that resolve names through this DNS alone.</summary>
    public string[] ResolverArguments(bool mountHostsFile) =>
        mountHostsFile
            ? ["--no-hosts", "--dns", "127.0.0.1", "--volume", $"{HostsFile}:/etc/hosts:ro"]
            : ["--no-hosts", "--dns", "127.0.0.1"];

    /// <summary>Makes <paramref name="names"/> resolve to the address of <paramref name="owner"/> (a pod or a container).</summary>
    public void Add(string owner, string address, params string[] names)
    {
        lock (_gate)
        {
            _records[owner] = (address, names);
            Write();
        }
    }

    /// <summary>Forgets every name of <paramref name="owner"/>, as a cluster's DNS forgets a deleted pod.</summary>
    public void Remove(string owner)
    {
        lock (_gate)
        {
            if (_records.Remove(owner))
            {
                Write();
            }
        }
    }

    private void Write()
    {
        var text = new StringBuilder("127.0.0.1 localhost\n");
        foreach (var (address, names) in _records.Values)
        {
            text.Append(address).Append(' ').AppendJoin(' ', names).Append('\n');
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        Assert.True(bytes.Length <= FileSize, $"The stand-in's hosts file outgrew {FileSize} bytes.");
        var padded = new byte[FileSize];
        Array.Fill(padded, (byte)'\n');
        bytes.CopyTo(padded, 0);
        using var file = new FileStream(HostsFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        file.Write(padded);
    }
}
