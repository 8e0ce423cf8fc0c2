using System.Diagnostics;
using System.Globalization;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Makes processes' writes to disk slow, as a busy or failing disk would: strace's fault injection holds each call of
/// one system call for a fixed delay before the kernel runs it. A store that replies before its write reaches the
/// operating system then has a window of that delay, not of microseconds, in which a kill loses acknowledged writes;
/// a store that replies only after the write has none, however slow the disk.
/// </summary>
/// <remarks>
/// Tracing needs the ptrace capability: root on a Linux machine or a container granted <c>CAP_SYS_PTRACE</c>. Where
/// strace is missing or may not attach, the calling test is skipped with the reason (and CI counts a skip as a failure).
/// </remarks>
public sealed class SlowedDiskWrites : IAsyncDisposable
{
    private readonly Process _strace;

    private SlowedDiskWrites(Process strace) => _strace = strace;

    /// <summary>
    /// Delays each <paramref name="systemCall"/> of every process in <paramref name="processes"/> (and of the threads and
    /// processes they start) by <paramref name="delay"/>, from the moment this returns until the processes end or this
    /// is disposed.
    /// </summary>
    public static async Task<SlowedDiskWrites> AttachAsync(IReadOnlyList<int> processes, string systemCall, TimeSpan delay)
    {
        var start = new ProcessStartInfo("strace")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var microseconds = ((long)delay.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        foreach (var arg in new[] { "-f", "-o", "/dev/null", "-e", $"trace={systemCall}", "-e", $"inject={systemCall}:delay_enter={microseconds}" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var pid in processes)
        {
            start.ArgumentList.Add("-p");
            start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        }

        Process strace;
        try
        {
            strace = Process.Start(start) ?? throw new InvalidOperationException("strace did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            Assert.Skip($"strace, which slows the store's disk writes here, could not be started ({exception.Message}): install it (apt-get install strace).");
            throw;
        }

        // strace says "Process N attached" once per process, only after it holds every thread of it.
        var said = new List<string>();
        var attached = 0;
        while (attached < processes.Count)
        {
            var line = await strace.StandardError.ReadLineAsync().WaitAsync(Bounded.HttpRequest, $"strace to attach to processes {string.Join(", ", processes)}");
            if (line is null)
            {
                await strace.WaitForExitAsync().WaitAsync(Bounded.HttpRequest, "strace to exit after it could not attach");
                strace.Dispose();
                Assert.Skip($"strace could not attach to the store, so its disk cannot be slowed here (it needs the ptrace capability): {string.Join(" / ", said)}");
            }

            said.Add(line);
            if (line.Contains(" attached", StringComparison.Ordinal))
            {
                attached++;
            }
        }

        // Keep reading what strace says, so its pipe never fills and stalls the traced processes.
        _ = strace.StandardError.ReadToEndAsync();
        return new SlowedDiskWrites(strace);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_strace.HasExited)
        {
            // The kernel detaches the traced processes when their tracer dies; they go on at full speed.
            _strace.Kill();
        }

        await _strace.WaitForExitAsync().WaitAsync(Bounded.HttpRequest, "strace to exit");
        _strace.Dispose();
    }
}
