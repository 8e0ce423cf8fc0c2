using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>When a dashboard command may run (<see cref="CommandOptions.UpdateState"/>).</summary>
public static class ResourceCommandStates
{
    /// <summary>Enabled only while the resource is up and answering its health checks; disabled otherwise.</summary>
    /// <param name="context">The resource's snapshot.</param>
    /// <returns>The command's state.</returns>
    public static ResourceCommandState EnabledWhenHealthy(UpdateCommandStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        return context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
    }
}
