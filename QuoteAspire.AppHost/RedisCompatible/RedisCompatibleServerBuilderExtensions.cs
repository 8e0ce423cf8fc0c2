using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.RedisCompatible;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Adds Redis-protocol servers that run as local programs rather than containers.</summary>
public static class RedisCompatibleServerBuilderExtensions
{
    /// <summary>The program Debian, Homebrew and most Linux distributions install with Redis.</summary>
    public const string RedisServerProgram = "redis-server";

    /// <summary>The command of the Garnet local tool named in <c>.config/dotnet-tools.json</c>.</summary>
    public const string GarnetToolCommand = "garnet-server";

    /// <summary>
    /// Adds the <c>redis-server</c> program found on the PATH, listening on loopback only and
    /// requiring <paramref name="password"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, which is also the connection string name.</param>
    /// <param name="password">The password the server requires.</param>
    public static IResourceBuilder<RedisCompatibleServerResource> AddRedisServerExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);

        var server = new RedisCompatibleServerResource(name, RedisServerProgram, builder.AppHostDirectory, password.Resource);
        return builder.AddRedisCompatibleServer(server)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--requirepass");
                context.Args.Add(server.PasswordParameter);
                // A local development store: nothing is written to disk.
                context.Args.Add("--save");
                context.Args.Add(string.Empty);
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            });
    }

    /// <summary>
    /// Adds Microsoft Garnet, a Redis-compatible server, run through the repository's local tool
    /// manifest so it needs nothing but the .NET SDK. It listens on loopback only and requires
    /// <paramref name="password"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, which is also the connection string name.</param>
    /// <param name="password">The password the server requires.</param>
    public static IResourceBuilder<RedisCompatibleServerResource> AddGarnetExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);

        // `dotnet tool run` finds the manifest by walking up from the working directory.
        var server = new RedisCompatibleServerResource(name, "dotnet", builder.AppHostDirectory, password.Resource);
        return builder.AddRedisCompatibleServer(server)
            .WithArgs(context =>
            {
                context.Args.Add("tool");
                context.Args.Add("run");
                context.Args.Add(GarnetToolCommand);
                context.Args.Add("--");
                context.Args.Add("--port");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--auth");
                context.Args.Add("Password");
                context.Args.Add("--password");
                context.Args.Add(server.PasswordParameter);
                // Garnet reserves 16 GB of log memory by default; a quote list needs a sliver of that.
                context.Args.Add("--memory");
                context.Args.Add("256m");
                context.Args.Add("--index");
                context.Args.Add("16m");
                // Idempotent writes run as a Lua script, which Garnet serves only when asked to.
                context.Args.Add("--lua");
            });
    }

    private static IResourceBuilder<RedisCompatibleServerResource> AddRedisCompatibleServer(
        this IDistributedApplicationBuilder builder, RedisCompatibleServerResource server)
    {
        // One check instance per server, owned by the container so its connection is reused
        // between runs and closed when the app stops.
        var healthCheckKey = $"{server.Name}_ping";
        builder.Services.AddKeyedSingleton(healthCheckKey, (_, _) => new RedisPingHealthCheck(server));
        builder.Services.AddHealthChecks().Add(new(
            healthCheckKey,
            services => services.GetRequiredKeyedService<RedisPingHealthCheck>(healthCheckKey),
            failureStatus: null,
            tags: null));

        return builder.AddResource(server)
            .WithEndpoint(name: RedisCompatibleServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithHealthCheck(healthCheckKey);
    }
}
