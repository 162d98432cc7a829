using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeQuick.Sdk;

// Request bodies of the developer API, exactly as the gateway reads them (unknown fields are refused there,
// so null fields are left out).
internal sealed record SendMessageBody(string Type, string To)
{
    public string? Text { get; init; }

    public IReadOnlyList<string>? Mentions { get; init; }

    public string? Path { get; init; }

    public long? Size { get; init; }

    public string? Title { get; init; }

    public string? Url { get; init; }

    public string? Description { get; init; }

    public string? ThumbnailUrl { get; init; }

    public string? Card { get; init; }

    public string? Room { get; init; }

    public string? MessageId { get; init; }

    public string? Xml { get; init; }

    public string? FavoriteId { get; init; }
}

internal sealed record PidBody(int? Pid);

internal sealed record FlagBody(int Flag);

internal sealed record WxidsBody(IReadOnlyList<string> Wxids);

internal sealed record RemarkBody(string Remark);

internal sealed record TicketsBody(string V1, string V2);

internal sealed record NameBody(string Name);

internal sealed record NicknameBody(string Nickname);

internal sealed record MembersBody(IReadOnlyList<string> Members);

internal sealed record UrlBody(string Url);

internal sealed record FromBody(string? From);

internal sealed record GreetingBody(string? Message);

internal sealed record UploadBody(string Path, string UploadUrl);

internal sealed record RawCommandBody(string Target, string Api, JsonElement? Option);

internal sealed record AfterBody(long After);

internal sealed record CreateKeyBody(string Name, string Scope);

internal sealed record NoticeBody(string Notice);

internal sealed record RoomMembersBody(IReadOnlyList<string> Members, string? Method);

internal sealed record RemoveMembersBody(IReadOnlyList<string> Members);

internal sealed record QrCodeBody(string Url);

internal sealed record FriendRequestBody(string To)
{
    public string? Message { get; init; }

    public int? Scene { get; init; }

    public string? Room { get; init; }
}

internal sealed record SearchBody(string Query);

internal sealed record SearchedContactBody(string V1, string V2)
{
    public string? Message { get; init; }

    public int? Scene { get; init; }
}

internal sealed record MessageRefBody(string Conversation, string MessageId);

internal sealed record DecryptBody(string Source, string Target);

internal sealed record DownloadBody(string Url);

internal sealed record ProblemBody
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public Dictionary<string, string[]>? Errors { get; init; }

    public string? TraceId { get; init; }
}

/// <summary>The SDK's one source-generated serializer context: the developer API's JSON, camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SendMessageBody))]
[JsonSerializable(typeof(PidBody))]
[JsonSerializable(typeof(FlagBody))]
[JsonSerializable(typeof(WxidsBody))]
[JsonSerializable(typeof(RemarkBody))]
[JsonSerializable(typeof(TicketsBody))]
[JsonSerializable(typeof(NameBody))]
[JsonSerializable(typeof(NicknameBody))]
[JsonSerializable(typeof(MembersBody))]
[JsonSerializable(typeof(UrlBody))]
[JsonSerializable(typeof(FromBody))]
[JsonSerializable(typeof(GreetingBody))]
[JsonSerializable(typeof(UploadBody))]
[JsonSerializable(typeof(RawCommandBody))]
[JsonSerializable(typeof(AfterBody))]
[JsonSerializable(typeof(CreateKeyBody))]
[JsonSerializable(typeof(NoticeBody))]
[JsonSerializable(typeof(RoomMembersBody))]
[JsonSerializable(typeof(RemoveMembersBody))]
[JsonSerializable(typeof(QrCodeBody))]
[JsonSerializable(typeof(FriendRequestBody))]
[JsonSerializable(typeof(SearchBody))]
[JsonSerializable(typeof(SearchedContactBody))]
[JsonSerializable(typeof(MessageRefBody))]
[JsonSerializable(typeof(DecryptBody))]
[JsonSerializable(typeof(DownloadBody))]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(Page<Account>))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(Page<Instance>))]
[JsonSerializable(typeof(Page<Webhook>))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(Page<ApiKey>))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(AccountBinding))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(CommandRecord))]
[JsonSerializable(typeof(GatewayEvent))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(Page<Contact>))]
[JsonSerializable(typeof(Page<Room>))]
[JsonSerializable(typeof(Page<RoomMember>))]
[JsonSerializable(typeof(Page<StoredMessage>))]
[JsonSerializable(typeof(Page<Conversation>))]
[JsonSerializable(typeof(Page<FriendRequest>))]
[JsonSerializable(typeof(Page<Transfer>))]
[JsonSerializable(typeof(Page<Favorite>))]
[JsonSerializable(typeof(Page<CommandRecord>))]
[JsonSerializable(typeof(Page<WebhookDelivery>))]
[JsonSerializable(typeof(Page<WebhookDeadLetter>))]
[JsonSerializable(typeof(WebhookDeadLetter))]
internal sealed partial class SdkJsonContext : JsonSerializerContext;
