namespace WeQuick.Gateway.Http;

/// <summary>
/// Lets one line of a kind through per interval and counts the ones it held back, which the next line that goes
/// through reports: a flood of refused requests (a scanner, a page trying DNS rebinding) cannot fill the log, and
/// the operator still learns how many there were.
/// </summary>
internal sealed class LogSampler(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _held;

    /// <summary>The interval between two lines that go through.</summary>
    public TimeSpan Interval => interval;

    /// <summary>Whether to log this one; when so, <paramref name="heldBack"/> is how many were held back since the last.</summary>
    public bool TryLog(out long heldBack)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now < _next)
            {
                _held++;
                heldBack = 0;
                return false;
            }

            heldBack = _held;
            _held = 0;
            _next = now + interval;
            return true;
        }
    }
}
