using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// The <c>client_bindings</c> table: each statement on a short-lived connection of its own (outside the write
/// session, like the API keys), and first-writer-wins in the statement itself, so any number of nodes agree.
/// </summary>
internal sealed class SqliteClientBindingStore(SqliteGatewayStore store) : IClientBindingStore
{
    public async Task<string> BindAsync(string target, string client, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // The upsert touches nothing when the target is taken; the second statement reads whoever holds it.
        cmd.CommandText = "INSERT INTO client_bindings (target, client, bound_at) VALUES ($t, $c, $at) ON CONFLICT (target) DO NOTHING; "
            + "SELECT client FROM client_bindings WHERE target = $t";
        cmd.Parameters.AddWithValue("$t", target);
        cmd.Parameters.AddWithValue("$c", client);
        cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return (string)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ClientBinding?> ReadAsync(string target, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT target, client, bound_at FROM client_bindings WHERE target = $t";
        cmd.Parameters.AddWithValue("$t", target);
        return await ReadOneAsync(cmd, cancellationToken);
    }

    public async Task<ClientBinding?> ReleaseAsync(string target, string? client, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "DELETE FROM client_bindings WHERE target = $t" + (client is null ? string.Empty : " AND client = $c")
            + " RETURNING target, client, bound_at";
        cmd.Parameters.AddWithValue("$t", target);
        if (client is not null)
        {
            cmd.Parameters.AddWithValue("$c", client);
        }

        return await ReadOneAsync(cmd, cancellationToken);
    }

    private static async Task<ClientBinding?> ReadOneAsync(SqliteCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        ClientBinding? found = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            found = new ClientBinding(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        }

        return found;
    }
}
