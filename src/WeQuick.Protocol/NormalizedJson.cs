using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace WeQuick.Protocol;

/// <summary>
/// The normalized JSON form of reports and commands: camelCase, real types (numbers are numbers,
/// booleans are booleans), absent fields left out, and for every report a <c>kind</c> and
/// <c>account</c>. This is what the gateway's API, stream and webhooks carry.
/// </summary>
public static class NormalizedJson
{
    /// <summary>Writes a report's normalized form.</summary>
    public static void Write(Utf8JsonWriter writer, Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        JsonSerializer.Serialize(writer, report, TypeInfo(report.GetType()));
    }

    /// <summary>Writes a command's normalized form.</summary>
    public static void Write(Utf8JsonWriter writer, Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        JsonSerializer.Serialize(writer, command, TypeInfo(command.GetType()));
    }

    /// <summary>A report's normalized form as UTF-8 bytes.</summary>
    public static byte[] Serialize(Report report) => Render(w => Write(w, report));

    /// <summary>A command's normalized form as UTF-8 bytes.</summary>
    public static byte[] Serialize(Command command) => Render(w => Write(w, command));

    /// <summary>A report's normalized form as a <see cref="JsonElement"/>.</summary>
    public static JsonElement ToElement(Report report)
    {
        using var doc = JsonDocument.Parse(Serialize(report));
        return doc.RootElement.Clone();
    }

    /// <summary>A command's normalized form as a <see cref="JsonElement"/>.</summary>
    public static JsonElement ToElement(Command command)
    {
        using var doc = JsonDocument.Parse(Serialize(command));
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Reads a report back from its normalized form (the <c>data</c> of an event of the gateway's API, stream
    /// or webhooks). The model type is chosen by the object's <c>kind</c> through <see cref="ProtocolRegistry"/>;
    /// a kind this library does not know becomes an <see cref="UnknownReport"/> holding the object.
    /// </summary>
    /// <param name="data">A normalized report: a JSON object with a string <c>kind</c>.</param>
    /// <returns>The typed report, or null when <paramref name="data"/> is not an object with a <c>kind</c>, or does not fit its kind's model.</returns>
    public static Report? ReadReport(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("kind", out var kindElement)
            || kindElement.ValueKind != JsonValueKind.String
            || kindElement.GetString() is not { Length: > 0 } kind)
        {
            return null;
        }

        var modelType = kind == CommandAck.AckKind ? typeof(CommandAck) : ProtocolRegistry.FindReport(kind)?.ModelType;
        if (modelType is null)
        {
            var account = data.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            JsonElement? inner = data.TryGetProperty("data", out var d) ? d.Clone() : null;
            return new UnknownReport { Account = account, UnknownAction = kind, Data = inner };
        }

        try
        {
            return data.Deserialize(TypeInfo(modelType)) as Report;
        }
        catch (JsonException)
        {
            // A field of the wrong type (not something this library wrote): no typed report, the raw JSON stays with the caller.
            return null;
        }
    }

    /// <summary>Options for writers of normalized JSON: readable UTF-8 text.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonTypeInfo TypeInfo(Type type) =>
        NormalizedJsonContext.Default.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{type.Name} is not registered in the normalized JSON context");
}

/// <summary>The assembly's one source-generated serializer context: the normalized form of every model.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(LoginQrCodeReport))]
[JsonSerializable(typeof(LoginStatusReport))]
[JsonSerializable(typeof(LoginUserReport))]
[JsonSerializable(typeof(LogoutReport))]
[JsonSerializable(typeof(ContactReport))]
[JsonSerializable(typeof(UsersWxidReport))]
[JsonSerializable(typeof(UsersInfoReport))]
[JsonSerializable(typeof(ChatRoomUserListsReport))]
[JsonSerializable(typeof(ChatRoomUserNickReport))]
[JsonSerializable(typeof(TextMessageReport))]
[JsonSerializable(typeof(PicMessageReport))]
[JsonSerializable(typeof(FileMessageReport))]
[JsonSerializable(typeof(AddChatRoomMessageReport))]
[JsonSerializable(typeof(MiniMessageReport))]
[JsonSerializable(typeof(UrlMessageReport))]
[JsonSerializable(typeof(TransferMessageReport))]
[JsonSerializable(typeof(CardMessageReport))]
[JsonSerializable(typeof(GifMessageReport))]
[JsonSerializable(typeof(VoiceMessageReport))]
[JsonSerializable(typeof(VideoMessageReport))]
[JsonSerializable(typeof(ChatroomMessageReport))]
[JsonSerializable(typeof(SystemMessageReport))]
[JsonSerializable(typeof(FriendAddRequestReport))]
[JsonSerializable(typeof(ChatRoomChangeReport))]
[JsonSerializable(typeof(UploadFileResultReport))]
[JsonSerializable(typeof(LogoutResultReport))]
[JsonSerializable(typeof(CommandAck))]
[JsonSerializable(typeof(QrCodeMessageReport))]
[JsonSerializable(typeof(ContactsReport))]
[JsonSerializable(typeof(ImContactsReport))]
[JsonSerializable(typeof(PublicsReport))]
[JsonSerializable(typeof(SingleContactReport))]
[JsonSerializable(typeof(UpdateContactReport))]
[JsonSerializable(typeof(ContactAddReport))]
[JsonSerializable(typeof(ContactDelReport))]
[JsonSerializable(typeof(ChatRoomsReport))]
[JsonSerializable(typeof(ImRoomsReport))]
[JsonSerializable(typeof(SingleChatRoomMembersReport))]
[JsonSerializable(typeof(SingleImRoomMembersReport))]
[JsonSerializable(typeof(AcceptQrCodeChatRoomReport))]
[JsonSerializable(typeof(ChatRoomMemberAddReport))]
[JsonSerializable(typeof(ChatRoomMemberDelReport))]
[JsonSerializable(typeof(NewChatRoomReport))]
[JsonSerializable(typeof(ChatRoomQuitReport))]
[JsonSerializable(typeof(LocationMessageReport))]
[JsonSerializable(typeof(LinkMessageReport))]
[JsonSerializable(typeof(ZombieCheckMessageReport))]
[JsonSerializable(typeof(DecryptPicMessageReport))]
[JsonSerializable(typeof(QrCodeWcPayReport))]
[JsonSerializable(typeof(FavitemsReport))]
[JsonSerializable(typeof(OtherMessageReport))]
[JsonSerializable(typeof(OtherAppMessageReport))]
[JsonSerializable(typeof(AddFriendMessageReport))]
[JsonSerializable(typeof(SearchContactReport))]
[JsonSerializable(typeof(SqlDataReport))]
[JsonSerializable(typeof(ScanQrcodePicReport))]
[JsonSerializable(typeof(TalkerChangeReport))]
[JsonSerializable(typeof(TransVoiceReport))]
[JsonSerializable(typeof(CheckUrlStatusReport))]
[JsonSerializable(typeof(UnknownReport))]
[JsonSerializable(typeof(OpenWeChatCommand))]
[JsonSerializable(typeof(GetLoginQrCodeCommand))]
[JsonSerializable(typeof(GetLoginStatusCommand))]
[JsonSerializable(typeof(LogoutCommand))]
[JsonSerializable(typeof(SendTextMessageCommand))]
[JsonSerializable(typeof(SendPicMessageCommand))]
[JsonSerializable(typeof(SendFileMessageCommand))]
[JsonSerializable(typeof(SendXmlMessageCommand))]
[JsonSerializable(typeof(SendCardMessageCommand))]
[JsonSerializable(typeof(SendChatroomCommand))]
[JsonSerializable(typeof(GetContactCommand))]
[JsonSerializable(typeof(GetUsersWxidCommand))]
[JsonSerializable(typeof(GetUsersInfoCommand))]
[JsonSerializable(typeof(DelUserCommand))]
[JsonSerializable(typeof(AcceptFriendCommand))]
[JsonSerializable(typeof(UpdateAsNameCommand))]
[JsonSerializable(typeof(GetChatRoomUsersCommand))]
[JsonSerializable(typeof(GetChatRoomUserNickCommand))]
[JsonSerializable(typeof(DelChatRoomUserCommand))]
[JsonSerializable(typeof(UpdateChatRoomNameCommand))]
[JsonSerializable(typeof(UpdateRoomAsNameCommand))]
[JsonSerializable(typeof(CreateChatRoomCommand))]
[JsonSerializable(typeof(ExitChatRoomCommand))]
[JsonSerializable(typeof(AcceptChatroomInviteCommand))]
[JsonSerializable(typeof(AcceptBankTransferCommand))]
[JsonSerializable(typeof(UploadFileCommand))]
[JsonSerializable(typeof(CloseProcessCommand))]
[JsonSerializable(typeof(AddRoomFriendCommand))]
[JsonSerializable(typeof(GetLoginUserCommand))]
[JsonSerializable(typeof(GetContactsCommand))]
[JsonSerializable(typeof(GetImContactsCommand))]
[JsonSerializable(typeof(GetPublicsCommand))]
[JsonSerializable(typeof(GetSingleContactCommand))]
[JsonSerializable(typeof(UpdateContactCommand))]
[JsonSerializable(typeof(AddFriendCommand))]
[JsonSerializable(typeof(DelFriendCommand))]
[JsonSerializable(typeof(UpdateRemarkCommand))]
[JsonSerializable(typeof(RefuseFriendWcpayCommand))]
[JsonSerializable(typeof(AutoAcceptFriendCommand))]
[JsonSerializable(typeof(AutoAcceptWcpayCommand))]
[JsonSerializable(typeof(AutoAcceptCardCommand))]
[JsonSerializable(typeof(AcceptOnewayFriendCommand))]
[JsonSerializable(typeof(SearchContactCommand))]
[JsonSerializable(typeof(AddSearchContactCommand))]
[JsonSerializable(typeof(GetChatRoomsCommand))]
[JsonSerializable(typeof(GetImRoomsCommand))]
[JsonSerializable(typeof(GetSingleChatRoomMembersCommand))]
[JsonSerializable(typeof(GetSingleImRoomMembersCommand))]
[JsonSerializable(typeof(UpdateChatRoomCommand))]
[JsonSerializable(typeof(SendChatroomLowCommand))]
[JsonSerializable(typeof(SendChatroomHighCommand))]
[JsonSerializable(typeof(DelChatRoomMembersCommand))]
[JsonSerializable(typeof(SendChatRoomNoticeCommand))]
[JsonSerializable(typeof(UpdateChatRoomDisplayNameCommand))]
[JsonSerializable(typeof(ShowDisplayNameCommand))]
[JsonSerializable(typeof(QuitDelChatRoomCommand))]
[JsonSerializable(typeof(AutoAcceptChatRoomCommand))]
[JsonSerializable(typeof(AcceptQrcodeChatRoomCommand))]
[JsonSerializable(typeof(SaveRoomToContactCommand))]
[JsonSerializable(typeof(TransAnyMessageCommand))]
[JsonSerializable(typeof(SendAtTextMessageCommand))]
[JsonSerializable(typeof(SendVideoMessageCommand))]
[JsonSerializable(typeof(SendGifMessageCommand))]
[JsonSerializable(typeof(SendLinkMessageCommand))]
[JsonSerializable(typeof(SendMiniMessageCommand))]
[JsonSerializable(typeof(SendFavoriteCommand))]
[JsonSerializable(typeof(SendCardXmlMessageCommand))]
[JsonSerializable(typeof(AddPublicCommand))]
[JsonSerializable(typeof(GetFavoritesCommand))]
[JsonSerializable(typeof(AddFavoriteFromCommand))]
[JsonSerializable(typeof(TransVoiceCommand))]
[JsonSerializable(typeof(ZombieCheckCommand))]
[JsonSerializable(typeof(DecryptPicCommand))]
[JsonSerializable(typeof(UnreadMsgCountChangeCommand))]
[JsonSerializable(typeof(ClearChatHistoryCommand))]
[JsonSerializable(typeof(ScanQrcodePicCommand))]
[JsonSerializable(typeof(ModRecvNotifyCommand))]
[JsonSerializable(typeof(ChatSessionTopCommand))]
[JsonSerializable(typeof(OpenBrowserCommand))]
[JsonSerializable(typeof(DisableRevokeCommand))]
[JsonSerializable(typeof(CheckUrlStatusCommand))]
[JsonSerializable(typeof(GetSqlDataCommand))]
[JsonSerializable(typeof(DownloadFileCommand))]
[JsonSerializable(typeof(UnknownCommand))]
internal sealed partial class NormalizedJsonContext : JsonSerializerContext;
