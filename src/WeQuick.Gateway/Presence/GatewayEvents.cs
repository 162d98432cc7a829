using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

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

    public static bool IsGatewayKind(string kind) => kind is InstanceOnline or InstanceOffline or InstanceBound;

    public static NewEvent Create(string kind, InstanceState instance, string? account, DateTimeOffset at)
    {
        var body = new JsonObject
        {
            ["instance"] = instance.Id,
            ["client"] = instance.Client,
            ["pid"] = instance.Pid,
            ["account"] = account,
        };
        return new NewEvent(kind, account, instance.Id, at, EventSource.Gateway, ContentType, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    public static (string Instance, string Client, int Pid, string? Account) Read(StoredEvent e)
    {
        var o = JsonNode.Parse(e.Body)!.AsObject();
        return (o["instance"]!.GetValue<string>(), o["client"]!.GetValue<string>(), o["pid"]!.GetValue<int>(), o["account"]?.GetValue<string>());
    }

    public static JsonElement ToElement(StoredEvent e)
    {
        using var doc = JsonDocument.Parse(e.Body);
        return doc.RootElement.Clone();
    }
}
