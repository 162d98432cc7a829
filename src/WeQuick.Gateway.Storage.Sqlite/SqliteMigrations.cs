using Microsoft.Data.Sqlite;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// Versioned schema migrations, applied in order at start. <c>schema_version</c> holds the version
/// reached; each migration runs in its own transaction together with the version bump.
/// </summary>
internal static class SqliteMigrations
{
    internal static readonly string[] Steps =
    [
        // 1: the event log, the quarantine, commands, projections.
        """
        CREATE TABLE events (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            kind         TEXT    NOT NULL,
            account      TEXT,
            instance     TEXT,
            received_at  INTEGER NOT NULL,
            source       INTEGER NOT NULL,
            content_type TEXT,
            body         BLOB    NOT NULL
        );
        CREATE TABLE quarantine (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at   INTEGER NOT NULL,
            remote        TEXT,
            content_type  TEXT,
            body          BLOB    NOT NULL,
            error         TEXT    NOT NULL,
            byte_position INTEGER
        );
        CREATE TABLE commands (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            target            TEXT    NOT NULL,
            api               TEXT    NOT NULL,
            wire              TEXT    NOT NULL,
            state             INTEGER NOT NULL,
            answer_kind       TEXT,
            redeliverable     INTEGER NOT NULL,
            deliveries        INTEGER NOT NULL,
            delivered_to      TEXT,
            created_at        INTEGER NOT NULL,
            delivered_at      INTEGER,
            last_delivered_at INTEGER,
            acknowledged_at   INTEGER,
            completed_at      INTEGER,
            failed_at         INTEGER,
            expired_at        INTEGER,
            send_result       TEXT,
            error_reason      TEXT,
            ack_seq           INTEGER,
            answer_seq        INTEGER
        );
        CREATE INDEX commands_by_target ON commands (target, state, id);
        CREATE INDEX commands_by_state ON commands (state, id);
        CREATE INDEX commands_by_answer ON commands (answer_kind, state, id);
        CREATE TABLE projections (
            collection TEXT    NOT NULL,
            account    TEXT    NOT NULL,
            key        TEXT    NOT NULL,
            seq        INTEGER NOT NULL,
            json       TEXT    NOT NULL,
            PRIMARY KEY (collection, account, key)
        ) WITHOUT ROWID;
        CREATE INDEX projections_by_seq ON projections (collection, account, seq);
        """,
        // 2: API keys (hashed), and the time a paced command may go.
        """
        CREATE TABLE api_keys (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            name       TEXT    NOT NULL UNIQUE,
            scope      INTEGER NOT NULL,
            hash       BLOB    NOT NULL UNIQUE,
            prefix     TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        ALTER TABLE commands ADD COLUMN not_before INTEGER;
        """,
        // 3: idempotency keys of the developer API (scope = endpoint + target).
        """
        CREATE TABLE idempotency_keys (
            scope        TEXT    NOT NULL,
            key          TEXT    NOT NULL,
            request_hash TEXT    NOT NULL,
            command_id   INTEGER NOT NULL,
            created_at   INTEGER NOT NULL,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;
        """,
        // 4: webhooks (each with its log cursor), their delivery log and dead letters.
        """
        CREATE TABLE webhooks (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            url         TEXT    NOT NULL,
            secret      TEXT    NOT NULL,
            kinds       TEXT    NOT NULL,
            accounts    TEXT    NOT NULL,
            description TEXT,
            enabled     INTEGER NOT NULL,
            cursor      INTEGER NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id     INTEGER NOT NULL,
            seq            INTEGER NOT NULL,
            attempt        INTEGER NOT NULL,
            at             INTEGER NOT NULL,
            status_code    INTEGER,
            error          TEXT,
            duration_ms    INTEGER NOT NULL,
            outcome        INTEGER NOT NULL,
            dead_letter_id INTEGER
        );
        CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
        CREATE TABLE webhook_dead_letters (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id  INTEGER NOT NULL,
            seq         INTEGER NOT NULL,
            kind        TEXT    NOT NULL,
            account     TEXT,
            attempts    INTEGER NOT NULL,
            last_status INTEGER,
            last_error  TEXT    NOT NULL,
            dead_at     INTEGER NOT NULL,
            state       INTEGER NOT NULL,
            resent_at   INTEGER
        );
        CREATE INDEX webhook_dead_letters_by_webhook ON webhook_dead_letters (webhook_id, state, id);
        """,
        // 5: messages are read from the log, through an index of the message events; the copies of them in the
        // projections give way to one document per conversation pointing at its latest message.
        """
        CREATE INDEX events_messages ON events (account, seq) WHERE kind GLOB 'report*Message';
        INSERT OR REPLACE INTO projections (collection, account, key, seq, json)
            SELECT 'conversation', account, COALESCE(json_extract(json, '$.conversation'), ''), MAX(seq),
                   json_object('conversation', json_extract(json, '$.conversation'), 'lastSeq', MAX(seq))
            FROM projections WHERE collection = 'message'
            GROUP BY account, COALESCE(json_extract(json, '$.conversation'), '');
        DELETE FROM projections WHERE collection = 'message';
        """,
        // 6: the log's seq without AUTOINCREMENT. It made every append read and rewrite the events' row of
        // sqlite_sequence: one more page in each item's savepoint and in each commit. The log never deletes an
        // event, so the largest seq ever used is always the largest one present, and max + 1 (what a plain
        // INTEGER PRIMARY KEY takes) is the same number. The table's pages are the same either way, so this is
        // an edit of its definition (SQLite's procedure for changes that leave the stored content alone; see
        // EditsSchema), not a copy of the log.
        """
        UPDATE sqlite_schema SET sql = replace(sql, 'INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER PRIMARY KEY')
            WHERE type = 'table' AND name = 'events';
        DELETE FROM sqlite_sequence WHERE name = 'events';
        """,
        // 7: idempotency keys scoped to the domain operation (the command's api) and its target, not the endpoint's
        // route: each key's scope is rewritten from the command it created. A key whose new scope another key of the
        // same text already took (one key used on two routes of one command) keeps its old scope, where it is
        // never looked up again.
        """
        UPDATE OR IGNORE idempotency_keys
            SET scope = (SELECT c.api || ' ' || c.target FROM commands c WHERE c.id = idempotency_keys.command_id)
            WHERE EXISTS (SELECT 1 FROM commands c WHERE c.id = idempotency_keys.command_id);
        """,
        // 8: which client owns an account or a WeChat process id (a command target's key: the wxid, or pid:N). The
        // first client to bind one keeps it; another client's polls and reports for it are refused. Accounts an
        // instance already carries are bound to that instance's client (the most recent instance, when several did).
        """
        CREATE TABLE client_bindings (
            target   TEXT    NOT NULL PRIMARY KEY,
            client   TEXT    NOT NULL,
            bound_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO client_bindings (target, client, bound_at)
            SELECT json_extract(json, '$.account'), json_extract(json, '$.client'), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
            FROM projections
            WHERE collection = 'instance' AND json_extract(json, '$.account') IS NOT NULL AND json_extract(json, '$.client') IS NOT NULL
            ORDER BY seq DESC;
        """,
        // 9: how delivery to each webhook is going (receiver down since, last error, next try), kept with the webhook
        // so that the retry window runs on across restarts and every node reads the same state.
        """
        ALTER TABLE webhooks ADD COLUMN down_since INTEGER;
        ALTER TABLE webhooks ADD COLUMN last_error TEXT;
        ALTER TABLE webhooks ADD COLUMN next_attempt_at INTEGER;
        """,
    ];

    /// <summary>
    /// The version whose step edits <c>sqlite_schema</c> directly: it runs with <c>writable_schema</c> on, and the
    /// schema cookie is moved on in the same transaction so that every connection reads the edited definition.
    /// </summary>
    private const int EditsSchema = 6;

    public static int CurrentVersion => Steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        var version = ReadVersion(connection);
        if (version > Steps.Length)
        {
            throw new InvalidOperationException($"the database is at schema version {version}, newer than this build knows ({Steps.Length}); use a newer wequick");
        }

        for (var v = version; v < Steps.Length; v++)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            using (var step = connection.CreateCommand())
            {
                step.Transaction = tx;
                if (v + 1 == EditsSchema)
                {
                    step.CommandText = "PRAGMA schema_version";
                    var cookie = (long)step.ExecuteScalar()!;
                    step.CommandText = $"PRAGMA writable_schema = ON; {Steps[v]} PRAGMA schema_version = {cookie + 1}; PRAGMA writable_schema = OFF;";
                }
                else
                {
                    step.CommandText = Steps[v];
                }

                step.ExecuteNonQuery();
            }

            using (var bump = connection.CreateCommand())
            {
                bump.Transaction = tx;
                bump.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($v)";
                bump.Parameters.AddWithValue("$v", v + 1);
                bump.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        return cmd.ExecuteScalar() is long v ? (int)v : 0;
    }
}
