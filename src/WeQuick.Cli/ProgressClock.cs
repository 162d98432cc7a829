namespace WeQuick.Cli;

/// <summary>Says when the next progress line is due: at most one per <paramref name="every"/> of <paramref name="time"/>.</summary>
internal sealed class ProgressClock(TimeProvider time, TimeSpan every)
{
    private long _last = time.GetTimestamp();

    /// <summary>True (and the clock starts over) when <paramref name="every"/> has passed since the last line.</summary>
    public bool Due()
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_last, now) < every)
        {
            return false;
        }

        _last = now;
        return true;
    }
}
