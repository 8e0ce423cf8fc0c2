using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Kills a resource's process the hard way and starts it again through Aspire, as an operator would.</summary>
public static class ResourceProcesses
{
    // The properties DCP reports for every process it runs (executables and projects alike).
    private const string ProcessIdProperty = "executable.pid";
    private const string ArgumentsProperty = "executable.args";

    // What DCP reports for a container instead: the runtime knows its process.
    private const string ContainerIdProperty = "container.id";

    /// <summary>
    /// SIGKILLs <paramref name="resource"/>'s process (one replica's, for a replicated resource) and every process it
    /// started, then waits until Aspire sees it gone. Returns the instance killed, to start again.
    /// </summary>
    public static Task<string> KillAsync(this DistributedApplication app, string resource) =>
        app.KillAsync(resource, kill =>
        {
            kill();
            return Task.CompletedTask;
        });

    /// <summary>
    /// As <see cref="KillAsync(DistributedApplication, string)"/>, the kill fired by <paramref name="aim"/>: it gets the
    /// kill as an action to call at the very moment it chooses (on a reply, say), with the processes already found.
    /// </summary>
    public static async Task<string> KillAsync(this DistributedApplication app, string resource, Func<Action, Task> aim)
    {
        var instance = await app.InstanceIdAsync(resource);
        var processId = ProcessIdOf(app, instance);
        // The whole tree: Garnet runs under `dotnet tool run`, and a wrapper's child would keep the port.
        var tree = ProcessTree.Of(processId);
        var fired = false;
        await aim(() =>
        {
            ProcessTree.KillAbruptly(tree);
            fired = true;
        });
        Assert.True(fired, $"The kill of {instance} was aimed but never fired.");

        // A child that outlived the kill would go on serving, or writing the files its successor recovers from.
        await Bounded.UntilAsync(
            () => Task.FromResult(!tree.Any(ProcessTree.IsRunning)),
            Bounded.ResourceHealthy,
            $"every process {instance} had started ({string.Join(", ", tree)}) to die with it");

        await app.WaitForInstanceAsync(
            instance,
            state => state.Snapshot.State?.Text is { } text && text != KnownResourceStates.Running && text != KnownResourceStates.Starting,
            $"Aspire to see {instance} stop after it was killed");
        return instance;
    }

    /// <summary>Runs <paramref name="command"/> on <paramref name="resource"/> (one replica of it) as the dashboard does, and returns its result.</summary>
    public static async Task<ExecuteCommandResult> RunCommandAsync(this DistributedApplication app, string resource, string command, TimeSpan timeout)
    {
        var instance = await app.InstanceIdAsync(resource);
        return await app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(instance, command, TestContext.Current.CancellationToken)
            .WaitAsync(timeout, $"the command {command} on {instance} to finish");
    }

    /// <summary>Starts a stopped or killed <paramref name="resource"/> (or instance) with Aspire's start command and waits until it is healthy.</summary>
    public static async Task StartAgainAsync(this DistributedApplication app, string resource)
    {
        var instance = await app.InstanceIdAsync(resource);
        var started = await app.RunCommandAsync(instance, KnownResourceCommands.StartCommand, Bounded.ResourceHealthy);
        Assert.True(started.Success, started.Message);
        // Right after the start command the resource may still report its stopped state; wait through it.
        await app.WaitUntilHealthyAsync(instance, $"{instance} to become healthy again");
    }

    /// <summary>
    /// Starts <paramref name="resource"/> again if an earlier test left it stopped, then waits until it is healthy: the
    /// fault tests share their graph, and a test that could not bring its store back should fail alone, not every
    /// test after it too.
    /// </summary>
    public static async Task EnsureRunningAsync(this DistributedApplication app, string resource)
    {
        var instance = await app.InstanceIdAsync(resource);
        if (app.ResourceNotifications.TryGetCurrentState(instance, out var current)
            && KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{instance} was left {current.Snapshot.State?.Text} by an earlier test: started again.");
            await app.StartAgainAsync(instance);
            return;
        }

        await app.WaitUntilHealthyAsync(instance, $"{instance} to be running and healthy before the test");
    }

    private static async Task WaitUntilHealthyAsync(this DistributedApplication app, string instance, string what)
    {
        try
        {
            await app.WaitForInstanceAsync(
                instance,
                state => state.Snapshot.State?.Text == KnownResourceStates.Running && state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                what);
        }
        catch (TimeoutException timeout)
        {
            // Why it is not healthy is in its own output (a port taken, a file it could not recover) and its checks' words.
            throw new TimeoutException($"{timeout.Message} {await app.LastWordsAsync(instance)}", timeout);
        }
    }

    /// <summary>Stops <paramref name="resource"/> with Aspire's stop command and waits until it has finished.</summary>
    public static async Task StopAsync(this DistributedApplication app, string resource)
    {
        var instance = await app.InstanceIdAsync(resource);
        var stopped = await app.RunCommandAsync(instance, KnownResourceCommands.StopCommand, Bounded.ResourceHealthy);
        Assert.True(stopped.Success, stopped.Message);
        // A program ends Finished, a container Exited.
        await app.WaitForInstanceAsync(
            instance,
            state => KnownResourceStates.TerminalStates.Contains(state.Snapshot.State?.Text),
            $"{instance} to reach a stopped state ({string.Join(", ", KnownResourceStates.TerminalStates)})");
    }

    /// <summary>The arguments of <paramref name="resource"/> as its snapshot gives them to the dashboard.</summary>
    public static string ArgumentsShownOf(this DistributedApplication app, string resource) =>
        PropertyOf(app, resource, ArgumentsProperty) switch
        {
            IEnumerable<object> list => string.Join(' ', list),
            null => throw new InvalidOperationException($"{resource} shows no arguments ({ArgumentsProperty} is missing)."),
            var args => args.ToString() ?? string.Empty,
        };

    /// <summary>The process id of <paramref name="resource"/> now: a program's, or a container's first process, as the host sees it.</summary>
    public static int ProcessIdOf(this DistributedApplication app, string resource) =>
        PropertyOf(app, resource, ProcessIdProperty) switch
        {
            int id => id,
            long id => (int)id,
            string text when int.TryParse(text, out var id) => id,
            null when app.ContainerIdOf(resource) is { } container => ContainerProcessId(container),
            var other => throw new InvalidOperationException($"{resource} reports no process id ({ProcessIdProperty} = {other ?? "missing"})."),
        };

    /// <summary>
    /// Pauses (SIGSTOP) every process of <paramref name="resource"/> (a launcher's children too: Garnet runs under
    /// <c>dotnet tool run</c>): alive and connected, but silent, as a store stalled on its disk seems. Disposing the result
    /// resumes them (SIGCONT), whichever way the test ended.
    /// </summary>
    public static async Task<IAsyncDisposable> PauseAsync(this DistributedApplication app, string resource)
    {
        var processes = ProcessTree.Of(app.ProcessIdOf(resource));
        await SignalAsync(processes, "STOP");
        return new Paused(processes);
    }

    private sealed record Paused(IReadOnlyList<int> Processes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await SignalAsync(Processes, "CONT");
    }

    private static async Task SignalAsync(IReadOnlyList<int> processes, string signal)
    {
        var (exitCode, output) = await ExternalTool.RunAsync("kill", [$"-{signal}", .. processes.Select(pid => pid.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.True(exitCode == 0, $"kill -{signal} {string.Join(' ', processes)} failed: {output}");
    }

    /// <summary>The id of <paramref name="resource"/>'s container now, or null for a resource that is no container.</summary>
    public static string? ContainerIdOf(this DistributedApplication app, string resource) =>
        PropertyOf(app, resource, ContainerIdProperty) as string is { Length: > 0 } id ? id : null;

    private static int ContainerProcessId(string container)
    {
        var (exitCode, output) = ExternalTool.RunAsync(TestImages.Runtime, "inspect", "--format", "{{.State.Pid}}", container)
            .WaitAsync(ExternalTool.DefaultTimeout, $"podman to tell the process of container {container}").GetAwaiter().GetResult();
        return exitCode == 0 && int.TryParse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new InvalidOperationException($"Container {container} has no running process: {output}");
    }

    private static object? PropertyOf(DistributedApplication app, string resource, string property)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var current), $"Aspire knows no resource '{resource}'.");
        return current.Snapshot.Properties.FirstOrDefault(p => p.Name == property)?.Value;
    }
}
