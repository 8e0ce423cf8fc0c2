using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.KubernetesDeploy;

/// <summary>
/// <c>kubectl-stand-in.sh</c> copied into a folder of its own, where it records each call and finds what it answers
/// (see the script): a deploy step pointed at <see cref="Program"/> runs against no cluster and changes nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KubectlStandIn : IDisposable
{
    private readonly TemporaryFolder _folder = new("quoteaspire-kubectl-");

    public KubectlStandIn()
    {
        Program = Path.Combine(_folder.Path, "kubectl");
        File.Copy(Path.Combine(Repository.Root, "QuoteAspire.Tests", "KubernetesDeploy", "kubectl-stand-in.sh"), Program);
        File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "live"));
    }

    /// <summary>The stand-in's path, for <c>Kubernetes:Kubectl</c>.</summary>
    public string Program { get; }

    /// <summary>Each call's arguments, in order.</summary>
    public IReadOnlyList<string> Calls => File.Exists(CallsLog) ? File.ReadAllLines(CallsLog) : [];

    private string CallsLog => Path.Combine(_folder.Path, "calls.log");

    /// <summary>Makes <c>get KIND NAME -o json</c> print <paramref name="json"/>, as for an object the cluster holds.</summary>
    public Task SetLiveAsync(string kind, string name, string json) =>
        File.WriteAllTextAsync(Path.Combine(_folder.Path, "live", $"{kind}-{name}.json"), json, TestContext.Current.CancellationToken);

    /// <summary>Makes every <c>rollout status</c> fail, as for a rollout that does not finish.</summary>
    public Task FailRolloutsAsync() =>
        File.WriteAllTextAsync(Path.Combine(_folder.Path, "rollout-fails"), string.Empty, TestContext.Current.CancellationToken);

    public void Dispose() => _folder.Dispose();
}
