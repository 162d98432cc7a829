using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>The idempotency keys of the developer API, in the <c>idempotency_keys</c> table.</summary>
internal sealed partial class SqliteWriteSession
{
    public IdempotencyKey? FindIdempotencyKey(string scope, string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT scope, key, request_hash, command_id, created_at FROM idempotency_keys WHERE scope = $scope AND key = $key";
        cmd.Parameters.AddWithValue("$scope", scope);
        cmd.Parameters.AddWithValue("$key", key);
        return ReadAll(cmd, ReadKey) is [var found, ..] ? found : null;
    }

    public void PutIdempotencyKey(IdempotencyKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO idempotency_keys (scope, key, request_hash, command_id, created_at) VALUES ($scope, $key, $hash, $command, $at)";
        cmd.Parameters.AddWithValue("$scope", key.Scope);
        cmd.Parameters.AddWithValue("$key", key.Key);
        cmd.Parameters.AddWithValue("$hash", key.RequestHash);
        cmd.Parameters.AddWithValue("$command", key.CommandId);
        cmd.Parameters.AddWithValue("$at", key.CreatedAt.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
    }

    private static IdempotencyKey ReadKey(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));
}
