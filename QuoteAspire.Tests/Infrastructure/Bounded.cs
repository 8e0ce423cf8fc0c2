namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Every wait in the suite goes through here, so none can hang and each says what it waited for.</summary>
public static class Bounded
{
    public static readonly TimeSpan AppStart = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan ResourceHealthy = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan HttpRequest = TimeSpan.FromSeconds(10);

    /// <summary>A browser page's load or element, rendered by a dashboard or reference page on a busy machine.</summary>
    public static readonly TimeSpan PageLoad = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan AppStop = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RecoveryAfterOutage = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tries <paramref name="attempt"/> until it returns true, for at most <paramref name="timeout"/>,
    /// and returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> attempt, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await attempt().ConfigureAwait(false))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }

    /// <summary>Asks <paramref name="attempt"/> until it answers a value, at most <paramref name="timeout"/>; returns the value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout, string what)
        where T : class
    {
        T? answer = null;
        await UntilAsync(async () => (answer = await attempt().ConfigureAwait(false)) is not null, timeout, what).ConfigureAwait(false);
        return answer!;
    }

    /// <summary>Awaits <paramref name="task"/> for at most <paramref name="timeout"/>, naming <paramref name="what"/> on timeout.</summary>
    public static async Task WaitAsync(this Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.", exception);
        }
    }

    /// <inheritdoc cref="WaitAsync(Task, TimeSpan, string)"/>
    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.", exception);
        }
    }
}
