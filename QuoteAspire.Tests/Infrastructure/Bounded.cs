namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Every wait in the suite goes through here, so none can hang and each says what it waited for.</summary>
public static class Bounded
{
    public static readonly TimeSpan AppStart = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ResourceHealthy = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan HttpRequest = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan AppStop = TimeSpan.FromSeconds(60);

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
