namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Where a store added by <c>AddRedisStore</c> runs, why, and where it keeps its data: for the app to say in its log and
/// the store's console, and for tests to read without starting anything.
/// </summary>
/// <param name="Choice">The host chosen, and why.</param>
/// <param name="DataLocation">Where the data outlives the run, in words for the log.</param>
/// <param name="AppendFsync">When the append-only file is forced to disk.</param>
public sealed record RedisStoreHostAnnotation(RedisStoreHostChoice Choice, string DataLocation, AppendFsync AppendFsync) : IResourceAnnotation;
