using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>Column lists and row readers shared by the read side and the write session.</summary>
internal static class SqliteRows
{
    public const string EventColumns = "seq, kind, account, instance, received_at, source, content_type, body";

    public const string CommandColumns =
        "id, target, api, wire, state, answer_kind, redeliverable, deliveries, delivered_to, created_at, delivered_at, last_delivered_at, "
        + "acknowledged_at, completed_at, failed_at, expired_at, send_result, error_reason, ack_seq, answer_seq, not_before";

    public const string DocumentColumns = "collection, account, key, seq, json";

    /// <summary>
    /// The condition that picks message events. It must stay exactly the condition of the partial index
    /// <c>events_messages</c> (migration 5): SQLite uses that index only for queries that repeat it.
    /// </summary>
    public const string IsMessage = "kind GLOB 'report*Message'";

    /// <summary>
    /// <see cref="IsMessage"/>, less the kinds whose names fit it but are no messages (the second generation's
    /// <c>reportZombieCheckMessage</c>, <c>reportDecryptPicMessage</c>, <c>reportAddFriendMessage</c>,
    /// <c>reportQrCodeMessage</c>: answers and a login code), as the protocol registry says which kinds are messages.
    /// It repeats the index's condition, so the index still serves it.
    /// </summary>
    public static readonly string IsMessageReport = IsMessage + NotMessages();

    private static string NotMessages()
    {
        var names = ProtocolRegistry.Reports
            .Where(k => k.Action.StartsWith("report", StringComparison.Ordinal) && k.Action.EndsWith("Message", StringComparison.Ordinal)
                && !typeof(MessageReport).IsAssignableFrom(k.ModelType))
            .Select(k => "'" + k.Action + "'")
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? string.Empty : " AND kind NOT IN (" + string.Join(", ", names) + ")";
    }

    /// <summary>
    /// The event columns of a read within <paramref name="limits"/>: the body only when it is within its kind's limit
    /// (decided on <c>length(body)</c>, which does not read a blob's overflow pages), then the body's size. Adds its
    /// parameters to <paramref name="cmd"/>; read the rows with <see cref="ReadLimitedEvent"/>.
    /// </summary>
    public static string LimitedEventColumns(SqliteCommand cmd, EventReadLimits limits)
    {
        cmd.Parameters.AddWithValue("$inline", limits.InlineBytes);
        cmd.Parameters.AddWithValue("$listInline", limits.ListInlineBytes);
        var names = new List<string>();
        foreach (var kind in limits.ListKinds)
        {
            var name = "$lk" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            names.Add(name);
            cmd.Parameters.AddWithValue(name, kind);
        }

        var limit = names.Count == 0 ? "$inline" : $"(CASE WHEN kind IN ({string.Join(", ", names)}) THEN $listInline ELSE $inline END)";
        return $"seq, kind, account, instance, received_at, source, content_type, CASE WHEN length(body) > {limit} THEN NULL ELSE body END, length(body)";
    }

    /// <summary>A row of <see cref="LimitedEventColumns"/>.</summary>
    public static StoredEvent ReadLimitedEvent(SqliteDataReader r)
    {
        var omitted = r.IsDBNull(7) && !r.IsDBNull(8);
        return new(
            r.GetInt64(0),
            r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            (EventSource)r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetString(6),
            omitted ? [] : (byte[])r.GetValue(7))
        {
            OmittedBodyBytes = omitted ? r.GetInt64(8) : null,
        };
    }

    public static StoredEvent ReadEvent(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        (EventSource)r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        (byte[])r.GetValue(7));

    public static StoredCommand ReadCommand(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Target = r.GetString(1),
        Api = r.GetString(2),
        Wire = r.GetString(3),
        State = (CommandState)r.GetInt32(4),
        AnswerKind = r.IsDBNull(5) ? null : r.GetString(5),
        Redeliverable = r.GetInt64(6) != 0,
        Deliveries = r.GetInt32(7),
        DeliveredTo = r.IsDBNull(8) ? null : r.GetString(8),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        DeliveredAt = Time(r, 10),
        LastDeliveredAt = Time(r, 11),
        AcknowledgedAt = Time(r, 12),
        CompletedAt = Time(r, 13),
        FailedAt = Time(r, 14),
        ExpiredAt = Time(r, 15),
        SendResult = r.IsDBNull(16) ? null : r.GetString(16),
        ErrorReason = r.IsDBNull(17) ? null : r.GetString(17),
        AckSeq = r.IsDBNull(18) ? null : r.GetInt64(18),
        AnswerSeq = r.IsDBNull(19) ? null : r.GetInt64(19),
        NotBefore = Time(r, 20),
    };

    public static ProjectionDocument ReadDocument(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4));

    public static QuarantinedBody ReadQuarantine(SqliteDataReader r) => new(
        r.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        (byte[])r.GetValue(4),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetInt64(6));

    /// <summary>The WHERE clause of due commands; adds its parameters to <paramref name="cmd"/>.</summary>
    public static string DueCondition(SqliteCommand cmd, IReadOnlyList<string> targets, DateTimeOffset redeliverBefore)
    {
        var names = new string[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            names[i] = "$t" + i;
            cmd.Parameters.AddWithValue(names[i], targets[i]);
        }

        cmd.Parameters.AddWithValue("$redeliver", redeliverBefore.ToUnixTimeMilliseconds());
        var set = string.Join(", ", names);
        return $"target IN ({set}) AND (state = {(int)CommandState.Queued} OR (state = {(int)CommandState.Delivered} AND redeliverable = 1 AND last_delivered_at < $redeliver))";
    }

    public static object Db(string? value) => value is null ? DBNull.Value : value;

    public static object Db(long? value) => value is null ? DBNull.Value : value.Value;

    public static object Db(DateTimeOffset? value) => value is null ? DBNull.Value : value.Value.ToUnixTimeMilliseconds();

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
