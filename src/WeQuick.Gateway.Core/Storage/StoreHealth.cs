using Microsoft.Extensions.Logging;

namespace WeQuick.Gateway.Storage;

/// <summary>A fault of the store: what the store said (for example that the disk is full), and since when.</summary>
internal sealed record StoreFault(string Description, DateTimeOffset Since)
{
    public override string ToString() => $"{Description} since {Since:yyyy-MM-dd'T'HH:mm:ss'Z'}";
}

/// <summary>
/// Whether the store can take writes. The writer reports a fault when a write fails for a reason of the store
/// itself (a full disk, an I/O error) and its end when a transaction commits again; health checks and the front
/// ends read it. A fault is logged once as an error when it starts and once as information when it ends, not once
/// per refused request.
/// </summary>
internal sealed partial class StoreHealth(TimeProvider time, ILogger<StoreHealth> logger)
{
    private readonly Lock _gate = new();
    private StoreFault? _fault;
    private (StoreFault Fault, DateTimeOffset At)? _ended;

    /// <summary>How soon after its end the same fault counts as going on rather than as a new one.</summary>
    internal static readonly TimeSpan Resumed = TimeSpan.FromMinutes(1);

    /// <summary>The fault the store is in, or null when its last transaction committed.</summary>
    public StoreFault? Fault => Volatile.Read(ref _fault);

    /// <summary>Notes that a write failed because of the store; the first failure of a fault starts it and is logged.</summary>
    public StoreFault Failed(string description, Exception exception)
    {
        lock (_gate)
        {
            if (_fault is { } current)
            {
                return current;
            }

            var now = time.GetUtcNow();
            if (_ended is { } last && last.Fault.Description == description && now - last.At < Resumed)
            {
                // A small write that still fitted ended the fault a moment ago: this is the same fault going on, not a
                // new one to log again.
                Volatile.Write(ref _fault, last.Fault);
                return last.Fault;
            }

            var fault = new StoreFault(description, now);
            Volatile.Write(ref _fault, fault);
            LogFaultStarted(logger, exception, description);
            return fault;
        }
    }

    /// <summary>Notes that a transaction committed: a fault, if there was one, is over.</summary>
    public void Committed()
    {
        if (Volatile.Read(ref _fault) is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_fault is not { } ended)
            {
                return;
            }

            Volatile.Write(ref _fault, null);
            var now = time.GetUtcNow();
            _ended = (ended, now);
            LogFaultEnded(logger, ended.Description, now - ended.Since);
        }
    }

    [LoggerMessage(EventId = 780, Level = LogLevel.Error, Message = "The store cannot write: {Description}. Reports and API writes are answered 503 with Retry-After until a write succeeds again; nothing acknowledged before is lost")]
    private static partial void LogFaultStarted(ILogger logger, Exception exception, string description);

    [LoggerMessage(EventId = 781, Level = LogLevel.Information, Message = "The store writes again after {Duration} of \"{Description}\"")]
    private static partial void LogFaultEnded(ILogger logger, string description, TimeSpan duration);
}

/// <summary>A write was refused because the store is in a fault (a full disk, an I/O error); the client should retry later.</summary>
internal sealed class StoreFaultException(StoreFault fault, Exception inner)
    : GatewayUnavailableException($"the store cannot write: {fault}; nothing of this request was kept, retry later", inner)
{
    public StoreFault Fault { get; } = fault;
}
