using System.Globalization;
using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>The API key table: written on short-lived connections of their own, with the busy timeout, so another process may write while the gateway runs.</summary>
internal static class SqliteApiKeys
{
    private const string Columns = "id, name, scope, hash, prefix, created_at, revoked_at";

    public static async Task<ApiKeyRecord> CreateAsync(SqliteConnection connection, NewApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"INSERT INTO api_keys (name, scope, hash, prefix, created_at) VALUES ($n, $s, $h, $p, $c) RETURNING {Columns}";
        cmd.Parameters.AddWithValue("$n", key.Name);
        cmd.Parameters.AddWithValue("$s", (int)key.Scope);
        cmd.Parameters.AddWithValue("$h", key.Hash);
        cmd.Parameters.AddWithValue("$p", key.Prefix);
        cmd.Parameters.AddWithValue("$c", key.CreatedAt.ToUnixTimeMilliseconds());
        try
        {
            var rows = await ReadAsync(cmd, cancellationToken);
            return rows[0];
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && ex.Message.Contains("api_keys.name", StringComparison.Ordinal))
        {
            throw new DuplicateApiKeyNameException(key.Name);
        }
    }

    public static async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM api_keys ORDER BY id";
        return await ReadAsync(cmd, cancellationToken);
    }

    public static async Task<ApiKeyRecord?> RevokeAsync(SqliteConnection connection, string idOrName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        var byId = long.TryParse(idOrName, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        cmd.CommandText = $"UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $at) WHERE {(byId ? "id = $id OR name = $n" : "name = $n")} RETURNING {Columns}";
        cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$n", idOrName);
        if (byId)
        {
            cmd.Parameters.AddWithValue("$id", id);
        }

        var rows = await ReadAsync(cmd, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<ApiKeyRecord?> FindAsync(SqliteConnection connection, byte[] hash, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM api_keys WHERE hash = $h";
        cmd.Parameters.AddWithValue("$h", hash);
        var rows = await ReadAsync(cmd, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<bool> AnyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM api_keys)";
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    private static async Task<List<ApiKeyRecord>> ReadAsync(SqliteCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<ApiKeyRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ApiKeyRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                (ApiScope)reader.GetInt32(2),
                (byte[])reader.GetValue(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return list;
    }
}
