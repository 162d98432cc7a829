using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway.Http;

/// <summary>The JSON settings of the gateway's own answers: the source-generated <see cref="GatewayApiJson"/>, camelCase, text as it is.</summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Sets the API's JSON settings on <paramref name="options"/> (ASP.NET's, for the endpoints).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.TypeInfoResolverChain.Insert(0, GatewayApiJson.Default);
    }

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        o.MakeReadOnly();
        return o;
    }
}

/// <summary>The gateway's API types: what it answers and what it reads. Source-generated; the settings are <see cref="GatewayJson"/>'s.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(CommandView))]
[JsonSerializable(typeof(Page<CommandView>))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(Page<AccountView>))]
[JsonSerializable(typeof(Page<ContactView>))]
[JsonSerializable(typeof(Page<RoomView>))]
[JsonSerializable(typeof(Page<MemberView>))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(Page<ConversationView>))]
[JsonSerializable(typeof(Page<FriendRequestView>))]
[JsonSerializable(typeof(Page<TransferView>))]
[JsonSerializable(typeof(Page<InstanceView>))]
[JsonSerializable(typeof(Page<FavoriteView>))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(AccountBindingView))]
[JsonSerializable(typeof(Page<ApiKeyView>))]
[JsonSerializable(typeof(CreatedApiKeyView))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(WebhookView))]
[JsonSerializable(typeof(Page<WebhookView>))]
[JsonSerializable(typeof(Page<DeliveryView>))]
[JsonSerializable(typeof(DeadLetterView))]
[JsonSerializable(typeof(Page<DeadLetterView>))]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(WebhookReplayRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(OpenWeChatRequest))]
[JsonSerializable(typeof(RefreshContactsRequest))]
[JsonSerializable(typeof(ContactsInfoRequest))]
[JsonSerializable(typeof(RemarkRequest))]
[JsonSerializable(typeof(AcceptFriendRequest))]
[JsonSerializable(typeof(RoomNameRequest))]
[JsonSerializable(typeof(RoomNicknameRequest))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(AcceptRoomInviteRequest))]
[JsonSerializable(typeof(AcceptTransferRequest))]
[JsonSerializable(typeof(AddRoomFriendRequest))]
[JsonSerializable(typeof(UploadFileRequest))]
[JsonSerializable(typeof(CreateCommandRequest))]
[JsonSerializable(typeof(RoomNoticeRequest))]
[JsonSerializable(typeof(AddRoomMembersRequest))]
[JsonSerializable(typeof(RemoveRoomMembersRequest))]
[JsonSerializable(typeof(JoinRoomByQrCodeRequest))]
[JsonSerializable(typeof(SendFriendRequestRequest))]
[JsonSerializable(typeof(SearchContactRequest))]
[JsonSerializable(typeof(AddSearchedContactRequest))]
[JsonSerializable(typeof(MessageRefRequest))]
[JsonSerializable(typeof(DecryptPictureRequest))]
[JsonSerializable(typeof(DownloadFileRequest))]
[JsonSerializable(typeof(PresenceChange))]
[JsonSerializable(typeof(StreamEndpoints.Heartbeat))]
[JsonSerializable(typeof(StreamEndpoints.CutOff))]
[JsonSerializable(typeof(ClientError))]
[JsonSerializable(typeof(GatewayApplicationBuilderExtensions.Health))]
[JsonSerializable(typeof(GatewayApplicationBuilderExtensions.Readiness))]
[JsonSerializable(typeof(CommandState))]
[JsonSerializable(typeof(EventSource))]
[JsonSerializable(typeof(WebhookDeliveryOutcome))]
[JsonSerializable(typeof(DeadLetterState))]
internal sealed partial class GatewayApiJson : JsonSerializerContext;
