namespace WeQuick.Gateway;

/// <summary>Why the core refused a request.</summary>
internal enum RefusalKind
{
    /// <summary>The request is malformed (a target of the wrong kind, a cursor this gateway did not give out, …).</summary>
    Invalid,

    /// <summary>What the request names is not known.</summary>
    NotFound,

    /// <summary>The request conflicts with the state of what it names (an offline target, a limit reached, …).</summary>
    Conflict,

    /// <summary>The idempotency key was first used for a different request.</summary>
    KeyReused,

    /// <summary>The gateway is stopping, or its store cannot write now.</summary>
    Unavailable,

    /// <summary>The caller may not act on what the request names (another client's account).</summary>
    Forbidden,

    /// <summary>What the request asks is something its target cannot do (a command of the other generation of the interface).</summary>
    Unsupported,
}

/// <summary>
/// A refusal of the core: its kind (which each front end maps to its own status), a stable code (the developer API's
/// problem slug), a title and what to change.
/// </summary>
internal sealed record Refusal(RefusalKind Kind, string Code, string Title, string Detail)
{
    public static Refusal UnknownAccount(string wxid) => new(RefusalKind.NotFound, "unknown-account", "No such account",
        $"no account '{wxid}' has reported to this gateway; log it in first (GET /api/v1/accounts lists the known ones)");

    public static Refusal BoundToAnotherClient(string wxid) => new(RefusalKind.Forbidden, "account-bound-to-another-client", "Account of another client",
        $"account '{wxid}' belongs to another client of this gateway; a client acts only for the accounts it bound first. If the account moved to this client, an operator releases it with DELETE /api/v1/accounts/{wxid}/binding");

    public static Refusal Stopping(string detail) => new(RefusalKind.Unavailable, "stopping", "Stopping", detail);

    /// <summary>The refusal of a write the gateway could not take now: stopping, or a fault of the store.</summary>
    public static Refusal Unavailable(Storage.GatewayUnavailableException exception) => exception is Storage.StoreFaultException
        ? new(RefusalKind.Unavailable, "store-unavailable", "Store unavailable", exception.Message)
        : Stopping(exception.Message);
}

