using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace WeQuick.Agent.Tests;

/// <summary>
/// A virtual clock (a <see cref="FakeTimeProvider"/>) that remembers the due time of every timer created on it,
/// so a test can wait until the agent is really waiting for a delay before it moves the clock. Moving it
/// earlier would start the delay an hour late, and the test would wait for something that never comes.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    public FakeTimeProvider Fake { get; } = new(start);

    /// <summary>Whether a timer (a delay, a timeout) with this due time has been created.</summary>
    public bool HasTimer(TimeSpan dueTime) => _timers.Contains(dueTime);

    public void Advance(TimeSpan by) => Fake.Advance(by);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _timers.Enqueue(dueTime);
        return Fake.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>
    /// Stops the agent while moving the clock: its drain timeout is virtual too, so a stop that still has a
    /// report waiting to be retried would otherwise never end. Gives up (failing the test) after a real deadline.
    /// </summary>
    public async Task StopAsync(WeQuickAgent agent, int timeoutMs = 10_000)
    {
        var stop = agent.StopAsync();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!stop.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the agent did not stop within {timeoutMs} ms while its clock moved");
            }

            Fake.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stop, Task.Delay(10));
        }

        await stop;
    }
}
