using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>Webhooks in the gateway's SQLite file; writes go through the gateway's write session and its connection.</summary>
internal sealed class SqliteWebhookStore(SqliteGatewayStore store) : IWebhookStore
{
    internal const string WebhookColumns = "id, url, secret, kinds, accounts, description, enabled, cursor, created_at, updated_at, down_since, last_error, next_attempt_at";
    internal const string DeliveryColumns = "id, webhook_id, seq, attempt, at, status_code, error, duration_ms, outcome, dead_letter_id";
    internal const string DeadLetterColumns = "id, webhook_id, seq, kind, account, attempts, last_status, last_error, dead_at, state, resent_at";

    public async Task<IReadOnlyList<StoredWebhook>> ReadWebhooksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {WebhookColumns} FROM webhooks ORDER BY id";
        return await ReadAllAsync(cmd, ReadWebhook, cancellationToken);
    }

    public async Task<StoredWebhook?> ReadWebhookAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {WebhookColumns} FROM webhooks WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        var rows = await ReadAllAsync(cmd, ReadWebhook, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ReadDeliveriesAsync(long webhookId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = $w AND id > $after ORDER BY id LIMIT $limit";
        cmd.Parameters.AddWithValue("$w", webhookId);
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(cmd, ReadDelivery, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDeadLetter>> ReadDeadLettersAsync(long webhookId, DeadLetterState? state, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        var where = state is null ? string.Empty : " AND state = $state";
        cmd.CommandText = $"SELECT {DeadLetterColumns} FROM webhook_dead_letters WHERE webhook_id = $w AND id > $after{where} ORDER BY id LIMIT $limit";
        cmd.Parameters.AddWithValue("$w", webhookId);
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$limit", limit);
        if (state is { } s)
        {
            cmd.Parameters.AddWithValue("$state", (int)s);
        }

        return await ReadAllAsync(cmd, ReadDeadLetter, cancellationToken);
    }

    public async Task<int> CountPendingAsync(StoredWebhook webhook, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        var where = new System.Text.StringBuilder("seq > $cursor");
        In(cmd, where, "kind", "$k", webhook.Kinds);
        In(cmd, where, "account", "$a", webhook.Accounts);
        cmd.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE {where} LIMIT $cap)";
        cmd.Parameters.AddWithValue("$cursor", webhook.Cursor);
        cmd.Parameters.AddWithValue("$cap", cap);
        return (int)(long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void In(SqliteCommand cmd, System.Text.StringBuilder where, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        where.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            where.Append(i == 0 ? string.Empty : ", ").Append(name);
            cmd.Parameters.AddWithValue(name, values[i]);
        }

        where.Append(')');
    }

    public IWebhookWriter Writer(IGatewayWriteSession session) =>
        session is SqliteWriteSession sqlite ? new Writes(sqlite.Connection) : throw new ArgumentException("not a session of the SQLite store", nameof(session));

    internal static StoredWebhook ReadWebhook(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Url = r.GetString(1),
        Secret = r.GetString(2),
        Kinds = Split(r.GetString(3)),
        Accounts = Split(r.GetString(4)),
        Description = r.IsDBNull(5) ? null : r.GetString(5),
        Enabled = r.GetInt64(6) != 0,
        Cursor = r.GetInt64(7),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        Delivery = r.IsDBNull(10) && r.IsDBNull(11) && r.IsDBNull(12)
            ? WebhookDeliveryState.Healthy
            : new WebhookDeliveryState(Time(r, 10), r.IsDBNull(11) ? null : r.GetString(11), Time(r, 12)),
    };

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    internal static WebhookDelivery ReadDelivery(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetInt64(2),
        r.GetInt32(3),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        r.IsDBNull(5) ? null : r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetInt64(7),
        (WebhookDeliveryOutcome)r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetInt64(9));

    internal static WebhookDeadLetter ReadDeadLetter(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetInt64(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetInt32(6),
        r.GetString(7),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        (DeadLetterState)r.GetInt32(9),
        r.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)));

    // Kinds and wxids never hold a line break (the API refuses them), so one per line is a safe list format.
    private static string Join(IReadOnlyList<string> values) => string.Join('\n', values);

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Split('\n');

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }

    private static List<T> ReadAll<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private sealed class Writes(SqliteConnection connection) : IWebhookWriter
    {
        public StoredWebhook InsertWebhook(StoredWebhook webhook, long? after)
        {
            ArgumentNullException.ThrowIfNull(webhook);
            using var cmd = connection.CreateCommand();
            cmd.CommandText =
                "INSERT INTO webhooks (url, secret, kinds, accounts, description, enabled, cursor, created_at, updated_at) VALUES "
                + "($url, $secret, $kinds, $accounts, $description, $enabled, COALESCE($after, (SELECT MAX(seq) FROM events), 0), $created, $updated) RETURNING id";
            Bind(cmd, webhook);
            cmd.Parameters.AddWithValue("$after", SqliteRows.Db(after));
            cmd.Parameters.AddWithValue("$created", webhook.CreatedAt.ToUnixTimeMilliseconds());
            var id = (long)cmd.ExecuteScalar()!;
            return GetWebhook(id)!;
        }

        public StoredWebhook? GetWebhook(long id)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {WebhookColumns} FROM webhooks WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            var rows = ReadAll(cmd, ReadWebhook);
            return rows.Count == 0 ? null : rows[0];
        }

        public bool UpdateWebhook(StoredWebhook webhook)
        {
            ArgumentNullException.ThrowIfNull(webhook);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE webhooks SET url = $url, secret = $secret, kinds = $kinds, accounts = $accounts, description = $description, enabled = $enabled, updated_at = $updated WHERE id = $id";
            Bind(cmd, webhook);
            cmd.Parameters.AddWithValue("$id", webhook.Id);
            return cmd.ExecuteNonQuery() == 1;
        }

        public bool DeleteWebhook(long id)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "DELETE FROM webhook_deliveries WHERE webhook_id = $id; DELETE FROM webhook_dead_letters WHERE webhook_id = $id; DELETE FROM webhooks WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.ExecuteNonQuery();
            using var changes = connection.CreateCommand();
            changes.CommandText = "SELECT changes()";
            return (long)changes.ExecuteScalar()! == 1;
        }

        public bool SetCursor(long id, long seq)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE webhooks SET cursor = $seq WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$seq", seq);
            return cmd.ExecuteNonQuery() == 1;
        }

        public bool AdvanceCursor(long id, long expected, long seq)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE webhooks SET cursor = $seq WHERE id = $id AND cursor = $expected";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$seq", seq);
            cmd.Parameters.AddWithValue("$expected", expected);
            return cmd.ExecuteNonQuery() == 1;
        }

        public void AddDelivery(WebhookDelivery delivery)
        {
            ArgumentNullException.ThrowIfNull(delivery);
            using var cmd = connection.CreateCommand();
            cmd.CommandText =
                "INSERT INTO webhook_deliveries (webhook_id, seq, attempt, at, status_code, error, duration_ms, outcome, dead_letter_id) "
                + "SELECT $w, $seq, $attempt, $at, $status, $error, $duration, $outcome, $dl WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $w)";
            cmd.Parameters.AddWithValue("$w", delivery.WebhookId);
            cmd.Parameters.AddWithValue("$seq", delivery.Seq);
            cmd.Parameters.AddWithValue("$attempt", delivery.Attempt);
            cmd.Parameters.AddWithValue("$at", delivery.At.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$status", SqliteRows.Db(delivery.StatusCode));
            cmd.Parameters.AddWithValue("$error", SqliteRows.Db(delivery.Error));
            cmd.Parameters.AddWithValue("$duration", delivery.DurationMs);
            cmd.Parameters.AddWithValue("$outcome", (int)delivery.Outcome);
            cmd.Parameters.AddWithValue("$dl", SqliteRows.Db(delivery.DeadLetterId));
            cmd.ExecuteNonQuery();
        }

        public void SetDeliveryState(long id, WebhookDeliveryState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE webhooks SET down_since = $down, last_error = $error, next_attempt_at = $next WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$down", SqliteRows.Db(state.DownSince));
            cmd.Parameters.AddWithValue("$error", SqliteRows.Db(state.LastError));
            cmd.Parameters.AddWithValue("$next", SqliteRows.Db(state.NextAttemptAt));
            cmd.ExecuteNonQuery();
        }

        public int PruneDeliveries(DateTimeOffset before, int limit)
        {
            // The oldest rows by id are the oldest by time: looking at the first few rows of the table is cheap
            // whether or not any is old enough, where a search by time would read the whole table when none is.
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries ORDER BY id LIMIT $limit) AND at < $before";
            cmd.Parameters.AddWithValue("$limit", limit);
            cmd.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
            return cmd.ExecuteNonQuery();
        }

        public long AddDeadLetter(WebhookDeadLetter deadLetter)
        {
            ArgumentNullException.ThrowIfNull(deadLetter);
            using var cmd = connection.CreateCommand();
            cmd.CommandText =
                "INSERT INTO webhook_dead_letters (webhook_id, seq, kind, account, attempts, last_status, last_error, dead_at, state, resent_at) VALUES "
                + "($w, $seq, $kind, $account, $attempts, $status, $error, $dead, $state, $resent) RETURNING id";
            BindDeadLetter(cmd, deadLetter);
            return (long)cmd.ExecuteScalar()!;
        }

        public WebhookDeadLetter? GetDeadLetter(long webhookId, long id)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {DeadLetterColumns} FROM webhook_dead_letters WHERE webhook_id = $w AND id = $id";
            cmd.Parameters.AddWithValue("$w", webhookId);
            cmd.Parameters.AddWithValue("$id", id);
            var rows = ReadAll(cmd, ReadDeadLetter);
            return rows.Count == 0 ? null : rows[0];
        }

        public void UpdateDeadLetter(WebhookDeadLetter deadLetter)
        {
            ArgumentNullException.ThrowIfNull(deadLetter);
            using var cmd = connection.CreateCommand();
            cmd.CommandText =
                "UPDATE webhook_dead_letters SET attempts = $attempts, last_status = $status, last_error = $error, dead_at = $dead, state = $state, resent_at = $resent "
                + "WHERE id = $id AND webhook_id = $w AND seq = $seq AND kind = $kind AND account IS $account";
            BindDeadLetter(cmd, deadLetter);
            cmd.Parameters.AddWithValue("$id", deadLetter.Id);
            cmd.ExecuteNonQuery();
        }

        private static void Bind(SqliteCommand cmd, StoredWebhook w)
        {
            cmd.Parameters.AddWithValue("$url", w.Url);
            cmd.Parameters.AddWithValue("$secret", w.Secret);
            cmd.Parameters.AddWithValue("$kinds", Join(w.Kinds));
            cmd.Parameters.AddWithValue("$accounts", Join(w.Accounts));
            cmd.Parameters.AddWithValue("$description", SqliteRows.Db(w.Description));
            cmd.Parameters.AddWithValue("$enabled", w.Enabled ? 1 : 0);
            cmd.Parameters.AddWithValue("$updated", w.UpdatedAt.ToUnixTimeMilliseconds());
        }

        private static void BindDeadLetter(SqliteCommand cmd, WebhookDeadLetter d)
        {
            cmd.Parameters.AddWithValue("$w", d.WebhookId);
            cmd.Parameters.AddWithValue("$seq", d.Seq);
            cmd.Parameters.AddWithValue("$kind", d.Kind);
            cmd.Parameters.AddWithValue("$account", SqliteRows.Db(d.Account));
            cmd.Parameters.AddWithValue("$attempts", d.Attempts);
            cmd.Parameters.AddWithValue("$status", SqliteRows.Db(d.LastStatusCode));
            cmd.Parameters.AddWithValue("$error", d.LastError);
            cmd.Parameters.AddWithValue("$dead", d.DeadAt.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$state", (int)d.State);
            cmd.Parameters.AddWithValue("$resent", SqliteRows.Db(d.ResentAt));
        }
    }
}
