using System.Text.Json.Nodes;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway.Http.Api;

/// <summary>
/// What the OpenAPI document says of each request body: one sentence of its own, and an example a caller can send
/// as it is (the docs page fills its "try it" form with it). Every body the API accepts has an entry; the document
/// test checks that none is missing.
/// </summary>
internal static class ApiBodies
{
    private static readonly Dictionary<Type, (string Description, string Example)> Known = new()
    {
        [typeof(SendMessageRequest)] = ("The message to send: type says which of the other fields apply (text: to, text, and in a room mentions; image and file: to, path; link: to, title, url, description, thumbnailUrl; card: to, card; room-invite: to, room; "
            + "second generation only: video and gif: to, path; mini-program and forward: to, messageId; card-xml: to, xml; favorite: to, favoriteId).",
            """{"type": "text", "to": "wxid_friend", "text": "hello from WeQuick"}"""),
        [typeof(OpenWeChatRequest)] = ("Which running instance's client opens the new WeChat; an empty object lets the gateway pick the most recently heard-from one.",
            """{"pid": 4242}"""),
        [typeof(RefreshContactsRequest)] = ("Which lists the account reports again: a bitmask of 1 friends, 2 rooms, 4 official accounts.",
            """{"flag": 7}"""),
        [typeof(ContactsInfoRequest)] = ("The wxids (1 to 50) whose profiles to look up.",
            """{"wxids": ["wxid_friend", "wxid_colleague"]}"""),
        [typeof(RemarkRequest)] = ("The friend's new remark; an empty string clears it.",
            """{"remark": "Colleague from the design team"}"""),
        [typeof(AcceptFriendRequest)] = ("The friend request's tickets, v1 and v2, as its reportFriendAddRequest event carried them.",
            """{"v1": "v1_ticket_from_the_event", "v2": "v2_ticket_from_the_event"}"""),
        [typeof(RoomNameRequest)] = ("The room's new name.",
            """{"name": "Weekend hiking"}"""),
        [typeof(RoomNicknameRequest)] = ("The account's new nickname in this room.",
            """{"nickname": "Trip organizer"}"""),
        [typeof(CreateRoomRequest)] = ("The members of the new room besides the account itself: at least two.",
            """{"members": ["wxid_friend", "wxid_colleague"]}"""),
        [typeof(AcceptRoomInviteRequest)] = ("The invitation link to follow, from the reportAddChatRoomMessage event.",
            """{"url": "https://support.weixin.qq.com/cgi-bin/mmsupport-bin/addchatroombyinvite?ticket=example"}"""),
        [typeof(AcceptTransferRequest)] = ("Who sent the transfer; an empty object takes the sender from the stored transfer.",
            """{"from": "wxid_friend"}"""),
        [typeof(AddRoomFriendRequest)] = ("The greeting sent with the friend request to the room member.",
            """{"message": "Hi, we met in the hiking room"}"""),
        [typeof(UploadFileRequest)] = ("The file on the client machine and the URL the client uploads it to.",
            """{"path": "C:\\Users\\me\\Documents\\report.pdf", "uploadUrl": "https://files.example.com/upload"}"""),
        [typeof(RoomNoticeRequest)] = ("The room's new announcement.",
            """{"notice": "Meet at the station at 8:00 on Saturday"}"""),
        [typeof(AddRoomMembersRequest)] = ("The friends to bring into the room and, optionally, how: add (at once, rooms under 40 members) or invite (each accepts).",
            """{"members": ["wxid_friend", "wxid_colleague"], "method": "invite"}"""),
        [typeof(RemoveRoomMembersRequest)] = ("The members to remove from the room.",
            """{"members": ["wxid_friend"]}"""),
        [typeof(JoinRoomByQrCodeRequest)] = ("The address the room's QR code holds.",
            """{"url": "https://weixin.qq.com/g/example"}"""),
        [typeof(SendFriendRequestRequest)] = ("Who to ask to be a friend, the greeting, and where they were found (scene; 14 with a room).",
            """{"to": "wxid_friend", "message": "Hi, we met in the hiking room", "scene": 14, "room": "5550001@chatroom"}"""),
        [typeof(SearchContactRequest)] = ("The phone number, WeChat id or QQ number to look a user up by.",
            """{"query": "13800000000"}"""),
        [typeof(AddSearchedContactRequest)] = ("The searched user's v1 and v2 from the reportSearchContact, and the greeting.",
            """{"v1": "v1_ticket_from_the_search", "v2": "v2_ticket_from_the_search", "message": "Hi, it's the bot"}"""),
        [typeof(MessageRefRequest)] = ("A received message: its conversation and its msgid, as its report carried them.",
            """{"conversation": "wxid_friend", "messageId": "8151642087654321098"}"""),
        [typeof(DecryptPictureRequest)] = ("The encrypted .dat picture on the client machine and where the JPEG goes.",
            """{"source": "C:\\Users\\me\\Documents\\WeChat Files\\wxid_me\\FileStorage\\Image\\2024-01\\a1b2.dat", "target": "C:\\Users\\me\\Pictures\\a1b2.jpg"}"""),
        [typeof(DownloadFileRequest)] = ("The address of the file the client downloads to its machine.",
            """{"url": "https://files.example.com/report.pdf"}"""),
        [typeof(CreateCommandRequest)] = ("Any WeQuick command in the wire protocol's terms: who runs it (target), its name (api) and its option object.",
            """{"target": "wxid_me", "api": "sendTextMessage", "option": {"wxid": "wxid_friend", "text": "hello from WeQuick"}}"""),
        [typeof(CreateApiKeyRequest)] = ("The new key's unique name and its scope (read, send or admin).",
            """{"name": "my-bot", "scope": "send"}"""),
        [typeof(WebhookRequest)] = ("The webhook's receiver URL and which events it gets (kinds and accounts; empty for all); PATCH changes only the fields given.",
            """{"url": "https://bot.example.com/wequick", "kinds": ["reportTextMessage"], "accounts": [], "description": "my bot", "enabled": true}"""),
        [typeof(WebhookReplayRequest)] = ("The seq after which every event is delivered to the webhook again (0 for the whole log).",
            """{"after": 0}"""),
    };

    /// <summary>The description and a fresh example node of a request body type; false when the type has no entry.</summary>
    public static bool TryGet(Type type, out string description, out JsonNode example)
    {
        if (Known.TryGetValue(type, out var entry))
        {
            description = entry.Description;
            example = JsonNode.Parse(entry.Example)!;
            return true;
        }

        description = string.Empty;
        example = null!;
        return false;
    }
}
