using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The resources of a started graph, by the names people see on the dashboard.</summary>
public static class AppResources
{
    /// <summary>The resource named <paramref name="name"/> in <paramref name="app"/>'s model; fails when there is none.</summary>
    public static IResource ResourceNamed(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.SingleOrDefault(resource => resource.Name == name)
            ?? throw new InvalidOperationException($"The app has no resource named {name}.");
}
