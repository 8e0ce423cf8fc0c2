namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A shell command, run in this resource's image with its secrets, that succeeds once the resource
/// answers at <c>$TARGET_HOST</c>:<c>$TARGET_PORT</c>. Resources that wait for this one run it in an
/// init container; without it they wait for the port to open.
/// </summary>
public sealed class KubernetesAnswerCheckAnnotation(string shellCommand) : IResourceAnnotation
{
    /// <summary>The command, run with <c>sh -c</c>.</summary>
    public string ShellCommand { get; } = shellCommand;

    /// <summary>
    /// The resource's secret variables the command reads, the only ones the init container gets (a client's own
    /// password, say, rather than the administrator's); null for every secret of the resource.
    /// </summary>
    public IReadOnlyList<string>? SecretVariables { get; init; }
}
