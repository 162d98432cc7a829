namespace WeQuick.Gateway.Storage;

/// <summary>
/// The write-session part that remembers <c>Idempotency-Key</c>s: a key, within its scope (the command and
/// target), names the one command it first created, so the same request sent again never enqueues twice.
/// </summary>
public interface IIdempotencyKeyWriter
{
    /// <summary>The key recorded in <paramref name="scope"/>, or null when it was never used there.</summary>
    IdempotencyKey? FindIdempotencyKey(string scope, string key);

    /// <summary>Records a key; a key already recorded in the same scope is an error.</summary>
    void PutIdempotencyKey(IdempotencyKey key);
}

/// <summary>One remembered idempotency key.</summary>
/// <param name="Scope">Where the key applies: the command (its api) and its target, as <c>CommandQueue.IdempotencyScope</c> writes it.</param>
/// <param name="Key">The client's key, as sent.</param>
/// <param name="RequestHash">A digest of the command the first request made, to tell a retry from a different request reusing the key.</param>
/// <param name="CommandId">The command the first request created.</param>
/// <param name="CreatedAt">When the key was first used.</param>
public sealed record IdempotencyKey(string Scope, string Key, string RequestHash, long CommandId, DateTimeOffset CreatedAt);
