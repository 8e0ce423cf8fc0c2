using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Confirms that writes reached the store's replicas before they are acknowledged, with Redis's <c>WAIT</c>.
/// <para>
/// <c>WAIT</c> blocks the connection that sends it, and every request shares the multiplexer's one connection, so one
/// <c>WAIT</c> per post would queue every other command behind each replica round trip. Instead posts share rounds: a
/// <c>WAIT</c> covers every write its connection sent before it, so a post whose write is done joins the next round
/// to start, and one round answers every post that joined it. At most one round is in flight, and one gathers.
/// </para>
/// <para>
/// A round on a new connection knows nothing of writes sent on the old one (the old primary may have died with them),
/// so a post whose write and round straddle a lost primary connection is not confirmed.
/// </para>
/// </summary>
public sealed class ReplicaAcknowledgements
{
    private readonly IConnectionMultiplexer _redis;
    private readonly WriteAcknowledgementOptions _options;
    private readonly Lock _gate = new();
    private Round? _inFlight;
    private Round? _gathering;
    private long _primaryConnectionLosses;

    public ReplicaAcknowledgements(
        [FromKeyedServices(QuoteStoreClientExtensions.WritesConnectionName)] IConnectionMultiplexer redis, IOptions<WriteAcknowledgementOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);

        _redis = redis;
        _options = options.Value;
        _redis.ConnectionFailed += CountPrimaryConnectionLoss;
    }

    /// <summary>For a store without replicas: every write counts once the store has it.</summary>
    public static ReplicaAcknowledgements NotRequired(IConnectionMultiplexer redis) => new(redis, Options.Create(new WriteAcknowledgementOptions()));

    /// <summary>Where writes go: the connection the rounds' <c>WAIT</c> is sent on, which covers only the writes sent before it on the same one.</summary>
    public IDatabase Writes => _redis.GetDatabase();

    /// <summary>Whether writes wait for replicas at all.</summary>
    public bool IsRequired => _options.Replicas > 0;

    /// <summary>Taken before a write is sent, and handed to <see cref="ConfirmAsync"/> after it.</summary>
    public long ConnectionEpoch => Interlocked.Read(ref _primaryConnectionLosses);

    /// <summary>
    /// Returns once enough replicas hold every write that completed before this call, sent since
    /// <paramref name="epochBeforeWrite"/>. Does nothing when no replica is required.
    /// </summary>
    /// <exception cref="WriteNotReplicatedException">Too few replicas confirmed in time, or the primary's connection was lost meanwhile.</exception>
    public async Task ConfirmAsync(long epochBeforeWrite)
    {
        if (!IsRequired)
        {
            return;
        }

        Round joined;
        Round? toSend = null;
        lock (_gate)
        {
            if (_inFlight is null)
            {
                _inFlight = toSend = joined = new Round();
            }
            else
            {
                // The round in flight may have been sent before this write completed: only the next one surely covers it.
                joined = _gathering ??= new Round();
            }
        }

        if (toSend is not null)
        {
            _ = SendRoundsAsync(toSend);
        }

        var confirmed = await joined.Replicas.Task.ConfigureAwait(false);
        if (ConnectionEpoch != epochBeforeWrite)
        {
            throw new WriteNotReplicatedException("the connection to the store's primary was lost between the write and its confirmation");
        }

        if (confirmed < _options.Replicas)
        {
            throw new WriteNotReplicatedException(string.Create(
                CultureInfo.InvariantCulture, $"{confirmed} of {_options.Replicas} replicas confirmed the write within {_options.TimeoutMilliseconds} ms"));
        }
    }

    private async Task SendRoundsAsync(Round round)
    {
        for (Round? next = round; next is not null;)
        {
            try
            {
                var result = await Writes
                    .ExecuteAsync("WAIT", [_options.Replicas, _options.TimeoutMilliseconds], CommandFlags.DemandMaster)
                    .ConfigureAwait(false);
                next.Replicas.SetResult((long)result);
            }
            catch (Exception exception)
            {
                // Each post that joined answers with what the store said: unreachable (503), or an error of its own.
                next.Replicas.SetException(exception);
            }

            lock (_gate)
            {
                _inFlight = next = _gathering;
                _gathering = null;
            }
        }
    }

    private void CountPrimaryConnectionLoss(object? sender, ConnectionFailedEventArgs failure)
    {
        if (failure.ConnectionType != ConnectionType.Interactive || (failure.EndPoint is { } endPoint && IsKnownReplica(endPoint)))
        {
            return;
        }

        Interlocked.Increment(ref _primaryConnectionLosses);
    }

    private bool IsKnownReplica(System.Net.EndPoint endPoint)
    {
        try
        {
            return _redis.GetServer(endPoint).IsReplica;
        }
        catch (ArgumentException)
        {
            // An endpoint the multiplexer no longer knows: treat its loss as the primary's, which only costs a retry.
            return false;
        }
    }

    private sealed class Round
    {
        public TaskCompletionSource<long> Replicas { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
