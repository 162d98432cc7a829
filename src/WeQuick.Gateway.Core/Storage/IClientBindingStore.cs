namespace WeQuick.Gateway.Storage;

/// <summary>
/// Which client owns a command target (an account's wxid, or <c>pid:N</c>): the first client to bind one keeps it
/// until it is released. The store decides who was first, so nodes sharing a store agree.
/// </summary>
public interface IClientBindingStore
{
    /// <summary>
    /// Binds <paramref name="target"/> to <paramref name="client"/> unless some client holds it already; returns the
    /// client that holds it afterwards (<paramref name="client"/>, or the one that was first).
    /// </summary>
    Task<string> BindAsync(string target, string client, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The client holding <paramref name="target"/>, or null when none does.</summary>
    Task<ClientBinding?> ReadAsync(string target, CancellationToken cancellationToken);

    /// <summary>
    /// Releases <paramref name="target"/> (only while <paramref name="client"/> holds it, when given); returns the
    /// binding that was released, or null when there was none.
    /// </summary>
    Task<ClientBinding?> ReleaseAsync(string target, string? client, CancellationToken cancellationToken);
}

/// <summary>A target's owner and since when.</summary>
/// <param name="Target">The wxid, or <c>pid:N</c>.</param>
/// <param name="Client">The client's name, or its address when no client tokens are configured.</param>
/// <param name="BoundAt">When it was bound.</param>
public sealed record ClientBinding(string Target, string Client, DateTimeOffset BoundAt);
