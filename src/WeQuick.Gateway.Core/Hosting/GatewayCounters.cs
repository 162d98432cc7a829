namespace WeQuick.Gateway;

/// <summary>Counts what is refused rather than stored.</summary>
internal sealed class GatewayCounters
{
    private long _unauthorized;
    private long _quarantined;
    private long _tooLarge;
    private long _accepted;

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public long Quarantined => Interlocked.Read(ref _quarantined);

    public long TooLarge => Interlocked.Read(ref _tooLarge);

    public long Accepted => Interlocked.Read(ref _accepted);

    public void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    public void CountQuarantined() => Interlocked.Increment(ref _quarantined);

    public void CountTooLarge() => Interlocked.Increment(ref _tooLarge);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);
}
