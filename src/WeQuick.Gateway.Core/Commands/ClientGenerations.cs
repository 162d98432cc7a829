using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// Which generation of the interface a client speaks: pinned on its credential (<see cref="ClientCredential.Interface"/>),
/// else learned from what its instance sent (the <c>interface</c> the projector records on the account and instance
/// documents), else unknown (<see cref="InterfaceGenerations.None"/>).
/// </summary>
internal static class ClientGenerations
{
    /// <summary>The name a generation has in settings, documents and views: <c>v1</c>, <c>v2</c>, or null for neither.</summary>
    public static string? Name(InterfaceGenerations generation) => generation switch
    {
        InterfaceGenerations.V1 => "v1",
        InterfaceGenerations.V2 => "v2",
        _ => null,
    };

    /// <summary>The generation a name (<c>v1</c>, <c>v2</c>, any case) stands for; None for anything else.</summary>
    public static InterfaceGenerations Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "V1" => InterfaceGenerations.V1,
        "V2" => InterfaceGenerations.V2,
        _ => InterfaceGenerations.None,
    };

    /// <summary>Whether a setting names a generation (or is left out).</summary>
    public static bool IsValidSetting(string? name) => string.IsNullOrWhiteSpace(name) || Parse(name) != InterfaceGenerations.None;

    /// <summary>
    /// What a report tells of its sender's generation: its kind when only one generation has it, else its shape when
    /// that is cheap to see (a message with <c>msgid</c>, a login report with <c>wxdir</c>/<c>unreadmsg</c>/<c>phone</c>
    /// are the second's); None when it does not tell.
    /// </summary>
    public static InterfaceGenerations Of(Report? report)
    {
        if (report is null)
        {
            return InterfaceGenerations.None;
        }

        var kind = ProtocolRegistry.FindReport(report.Kind)?.Generations ?? InterfaceGenerations.None;
        if (kind is InterfaceGenerations.V1 or InterfaceGenerations.V2)
        {
            return kind;
        }

        return report switch
        {
            MessageReport { MsgId: { Length: > 0 } } => InterfaceGenerations.V2,
            LoginUserReport { WxDir: not null } or LoginUserReport { UnreadMsg: not null } or LoginUserReport { Phone: not null } => InterfaceGenerations.V2,
            _ => InterfaceGenerations.None,
        };
    }

    /// <summary>The generation pinned on the credential of <paramref name="client"/>, if any.</summary>
    public static InterfaceGenerations Pinned(GatewayOptions options, string? client)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (client is null)
        {
            return InterfaceGenerations.None;
        }

        foreach (var c in options.Clients)
        {
            if (string.Equals(c.Name, client, StringComparison.Ordinal))
            {
                return Parse(c.Interface);
            }
        }

        return InterfaceGenerations.None;
    }

    /// <summary>Inside a write item: the generation learned for an account, else for an instance.</summary>
    public static InterfaceGenerations Learned(IGatewayWriteSession session, string? account, string? instance)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (account is not null && session.GetDocument(Collections.Account, account, string.Empty) is { } acc
            && Parse(ProjectionStore.Read<AccountDocument>(acc.Json).Interface) is not InterfaceGenerations.None and var a)
        {
            return a;
        }

        return instance is not null && session.GetDocument(Collections.Instance, string.Empty, instance) is { } inst
            ? Parse(ProjectionStore.Read<InstanceDocument>(inst.Json).Interface)
            : InterfaceGenerations.None;
    }

    /// <summary>Outside a write item: the generation learned for an account, else for an instance.</summary>
    public static async Task<InterfaceGenerations> LearnedAsync(IGatewayStore store, string? account, string? instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (account is not null && await store.ReadDocumentAsync(Collections.Account, account, string.Empty, cancellationToken) is { } acc
            && Parse(ProjectionStore.Read<AccountDocument>(acc.Json).Interface) is not InterfaceGenerations.None and var a)
        {
            return a;
        }

        return instance is not null && await store.ReadDocumentAsync(Collections.Instance, string.Empty, instance, cancellationToken) is { } inst
            ? Parse(ProjectionStore.Read<InstanceDocument>(inst.Json).Interface)
            : InterfaceGenerations.None;
    }
}
