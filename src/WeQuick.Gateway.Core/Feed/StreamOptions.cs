namespace WeQuick.Gateway;

/// <summary>Settings of the live event stream (configuration section <c>Gateway:Stream</c>).</summary>
public sealed class StreamOptions
{
    /// <summary>How often an idle stream gets a heartbeat (an SSE comment, a WebSocket <c>{"type":"heartbeat"}</c> message).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many events a live connection may have waiting to be written. A consumer that lets more pile up
    /// is cut off (it resumes with its cursor); ingestion never waits for it.
    /// </summary>
    public int BufferSize { get; set; } = 1024;

    /// <summary>
    /// How long one frame may take to be written out (the consumer's socket taking it). A consumer that takes
    /// nothing for this long is cut off with the same close reason as one whose buffer filled; ingestion
    /// never waits for it.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many events are read from the log at a time.</summary>
    public int PageSize { get; set; } = 256;

    /// <summary>
    /// How many of the newest events are kept decoded in memory, shared by every stream and webhook that keeps up
    /// with the log (each new event is then read and decoded once, however many consumers there are).
    /// 0 turns this off: every consumer reads the store itself.
    /// </summary>
    public int RecentEvents { get; set; } = 4096;

    /// <summary>The most bytes of report bodies those recent events may hold.</summary>
    public long RecentBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How long a cut-off or closing connection gets to take its last frame before it is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an open stream checks again that its API key still works (a key revoked through the API ends its
    /// streams at once; one revoked with <c>wequick keys revoke</c>, which writes the store directly, within this time).
    /// </summary>
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
