namespace Aspire.Hosting.ApplicationModel;

/// <summary>The host the AppHost settled on and the reason it gives for it.</summary>
/// <param name="Host">Where the store runs.</param>
/// <param name="Reason">Why, in words for the log.</param>
/// <param name="ContainerRuntime">For <see cref="RedisStoreHost.Container"/>, the runtime that answered and has the image.</param>
public sealed record RedisStoreHostChoice(RedisStoreHost Host, string Reason, string? ContainerRuntime = null);
