using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Projections;

/// <summary>Re-derives every projection from the log, in one transaction: readers see the old projections until it commits.</summary>
public static class ProjectionRebuilder
{
    /// <summary>
    /// Clears the projections and replays the whole log through the projector. Returns the number of events replayed.
    /// <paramref name="replayed"/>, when given, hears the count so far after every page of events (a thousand).
    /// </summary>
    public static async Task<long> RebuildAsync(IGatewayStore store, GatewayOptions options, CancellationToken cancellationToken, IProgress<long>? replayed = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        await store.InitializeAsync(cancellationToken);
        var limits = Ingestion.ReportIngestor.Limits(options);
        var projector = new Projector();
        using var session = store.OpenWriteSession();
        session.Begin();
        session.ClearProjections();
        long after = 0, count = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = session.ReadEvents(after, 1000);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var e in page)
            {
                var report = e.Source == EventSource.Client ? ReportDecoder.Decode(e.Body, e.ContentType, limits).Report : null;
                projector.Apply(session, e, report);
                after = e.Seq;
                count++;
            }

            replayed?.Report(count);
        }

        session.Commit();
        return count;
    }
}
