using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Redis-protocol servers that run as local programs rather than containers.</summary>
public static class RedisCompatibleServerBuilderExtensions
{
    /// <summary>The program Debian, Homebrew and most Linux distributions install with Redis.</summary>
    public const string RedisServerProgram = "redis-server";

    /// <summary>The command of the Garnet local tool named in <c>.config/dotnet-tools.json</c>.</summary>
    public const string GarnetToolCommand = "garnet-server";

    /// <summary>
    /// Adds the <c>redis-server</c> program found on the PATH, listening on loopback only, requiring
    /// <paramref name="password"/> and keeping an append-only file in <paramref name="dataDirectory"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, which is also the connection string name.</param>
    /// <param name="password">The password the server requires.</param>
    /// <param name="dataDirectory">Where the append-only file is kept across runs.</param>
    /// <param name="appendFsync">When the append-only file is forced to disk.</param>
    /// <param name="maxMemory">The memory Redis may fill (<c>384mb</c>, say) before it refuses writes; null for no limit.</param>
    /// <returns>The builder of the new resource.</returns>
    public static IResourceBuilder<RedisCompatibleServerResource> AddRedisServerExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password,
        string dataDirectory, AppendFsync appendFsync = AppendFsync.EverySecond, string? maxMemory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        var server = new RedisCompatibleServerResource(
            name, RedisServerProgram, builder.AppHostDirectory, password.Resource, new RedisServerConfig(dataDirectory, appendFsync) { MaxMemory = maxMemory });
        return builder.AddRedisCompatibleServer(server, AddRedisServerArgs(server));
    }

    /// <summary>How redis-server is told its configuration file and port.</summary>
    internal static Action<CommandLineArgsCallbackContext, string> AddRedisServerArgs(RedisCompatibleServerResource server) => (context, configFile) =>
    {
        // redis-server reads a configuration file only as its first argument.
        context.Args.Add(configFile);
        context.Args.Add("--port");
        context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
    };

    /// <summary>
    /// Adds Microsoft Garnet, a Redis-compatible server, run through the repository's local tool
    /// manifest so it needs nothing but the .NET SDK. It listens on loopback only, requires
    /// <paramref name="password"/> and keeps an append-only file in <paramref name="dataDirectory"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, which is also the connection string name.</param>
    /// <param name="password">The password the server requires.</param>
    /// <param name="dataDirectory">Where the append-only file is kept across runs.</param>
    /// <param name="appendFsync">When the append-only file is forced to disk, as near as Garnet allows (see <see cref="GarnetServerConfig"/>).</param>
    /// <param name="memoryBytes">The memory Garnet keeps records in before it moves the oldest to disk; null for <see cref="GarnetServerConfig.DefaultMemoryBytes"/>.</param>
    /// <returns>The builder of the new resource.</returns>
    public static IResourceBuilder<RedisCompatibleServerResource> AddGarnetExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password,
        string dataDirectory, AppendFsync appendFsync = AppendFsync.EverySecond, long? memoryBytes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        // `dotnet tool run` finds the manifest by walking up from the working directory.
        var server = new RedisCompatibleServerResource(
            name, "dotnet", builder.AppHostDirectory, password.Resource, new GarnetServerConfig(dataDirectory, appendFsync) { MemoryBytes = memoryBytes ?? GarnetServerConfig.DefaultMemoryBytes });
        return builder.AddRedisCompatibleServer(server, (context, configFile) =>
        {
            context.Args.Add("tool");
            context.Args.Add("run");
            context.Args.Add(GarnetToolCommand);
            context.Args.Add("--");
            context.Args.Add("--config-import-path");
            context.Args.Add(configFile);
            context.Args.Add("--port");
            context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
        });
    }

    /// <summary>Adds <paramref name="server"/> with its endpoint, its health check and a private configuration file written at each start.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="server">The server to add.</param>
    /// <param name="addArgs">Adds the program's arguments, given the configuration file's path.</param>
    /// <param name="configAtStart">
    /// What the server reads at a start, when it depends on the moment (a node of a replicated set follows the current
    /// primary); null for <see cref="RedisCompatibleServerResource.Config"/>.
    /// </param>
    /// <param name="fixedPort">A port the server listens on directly, the same at every start; null for one behind Aspire's proxy.</param>
    internal static IResourceBuilder<RedisCompatibleServerResource> AddRedisCompatibleServer(
        this IDistributedApplicationBuilder builder, RedisCompatibleServerResource server,
        Action<CommandLineArgsCallbackContext, string> addArgs,
        Func<RedisCompatibleServerResource, CancellationToken, Task<RedisCompatibleServerConfig>>? configAtStart = null,
        int? fixedPort = null)
    {
        var healthCheckKey = $"{server.Name}_ping";
        builder.Services.AddOwnedHealthCheck(healthCheckKey, () => new RedisPingHealthCheck(server));

        var configFile = new PrivateConfigFile(server.Config.FileName);
        var stoppingHookRegistered = 0;

        return builder.AddResource(server)
            .WithEndpoint(name: RedisCompatibleServerResource.PrimaryEndpointName, scheme: "tcp", port: fixedPort, targetPort: fixedPort, isProxied: fixedPort is null)
            .WithHealthCheck(healthCheckKey)
            .WithArgs(context => addArgs(context, configFile.FilePath))
            .OnBeforeResourceStarted(async (resource, started, cancellationToken) =>
            {
                // Written at every start, so a restart reads the current password and settings.
                var password = await resource.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The password of '{resource.Name}' has no value.");
                var config = configAtStart is null ? resource.Config : await configAtStart(resource, cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(config.DataDirectory);
                var users = await RedisAclUserAnnotation.ResolveAsync(resource, cancellationToken).ConfigureAwait(false);
                if (users.Count > 0 && config is GarnetServerConfig garnet)
                {
                    // Garnet reads its users from a file of their own, as private as the configuration, beside it.
                    var aclFile = Path.Combine(configFile.FolderPath, "users.acl");
                    configFile.WriteBeside(aclFile, GarnetServerConfig.RenderAclFile(password, users));
                    config = garnet with { AclFilePath = aclFile };
                }

                configFile.Write(config.Render(password, users));

                // A server that never becomes healthy never triggers the deletion below; stopping the AppHost does.
                if (Interlocked.Exchange(ref stoppingHookRegistered, 1) == 0)
                {
                    started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(configFile.Delete);
                }
            })
            .OnResourceReady((_, _, _) =>
            {
                // The server answers with its password, so it has read the file: the password need not stay on disk.
                configFile.Delete();
                return Task.CompletedTask;
            });
    }
}
