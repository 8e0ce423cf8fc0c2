namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A command, run in this resource's image with its secrets, that succeeds once the resource answers at
/// <c>$TARGET_HOST</c>:<c>$TARGET_PORT</c> (both in its environment). Resources that wait for this one run it in an
/// init container until it does; without it they wait for the port to open.
/// </summary>
public sealed class KubernetesAnswerCheckAnnotation(IReadOnlyList<string> command) : IResourceAnnotation
{
    /// <summary>The program and its arguments, run as they are, without a shell of their own.</summary>
    public IReadOnlyList<string> Command { get; } = command;

    /// <summary>
    /// The resource's secret variables the command reads, the only ones the init container gets (a client's own
    /// password, say, rather than the administrator's); null for every secret of the resource.
    /// </summary>
    public IReadOnlyList<string>? SecretVariables { get; init; }
}
