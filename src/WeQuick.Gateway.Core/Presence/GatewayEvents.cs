using System.Text.Json;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

/// <summary>What a gateway event records: an instance, its client and pid, and the account it carries.</summary>
/// <param name="Instance">The instance id (client and pid).</param>
/// <param name="Client">The client's name, or its address when no client tokens are configured.</param>
/// <param name="Pid">The WeChat process id.</param>
/// <param name="Account">The account the instance carries, when known.</param>
internal sealed record PresenceChange(string Instance, string Client, int Pid, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Account);

/// <summary>The events the gateway itself records in the log: presence and bindings.</summary>
internal static class GatewayEvents
{
    /// <summary>An instance started polling (again).</summary>
    public const string InstanceOnline = "instanceOnline";

    /// <summary>An instance stopped polling for longer than the grace period.</summary>
    public const string InstanceOffline = "instanceOffline";

    /// <summary>A poll carried an account: the instance now carries it.</summary>
    public const string InstanceBound = "instanceBound";

    public const string ContentType = "application/json";

    public static NewEvent Create(string kind, InstanceState instance, string? account, DateTimeOffset at)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new PresenceChange(instance.Id, instance.Client, instance.Pid, account), CoreJson.Default.PresenceChange);
        return new NewEvent(kind, account, instance.Id, at, EventSource.Gateway, ContentType, body);
    }

    public static PresenceChange Read(StoredEvent e) =>
        JsonSerializer.Deserialize(e.Body, CoreJson.Default.PresenceChange) ?? throw new InvalidDataException($"gateway event {e.Seq} has no body");
}
