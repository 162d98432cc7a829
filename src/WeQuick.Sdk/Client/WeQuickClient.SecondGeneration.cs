namespace WeQuick.Sdk;

/// <summary>How <see cref="WeQuickClient.AddRoomMembersAsync"/> brings friends into a room.</summary>
public static class RoomMemberMethod
{
    /// <summary>Added at once, without being asked (<c>sendChatroomLow</c>; rooms under 40 members).</summary>
    public const string Add = "add";

    /// <summary>Invited, each accepting on their own (<c>sendChatroomHigh</c>).</summary>
    public const string Invite = "invite";
}

// The commands only the interface's second generation has. A first-generation account's client does not know them:
// the gateway refuses them with 422 generation-unsupported before anything is queued.
public sealed partial class WeQuickClient
{
    /// <summary>Sends a video from the client machine (<c>sendVideoMessage</c>; second generation).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="path">The video's path on the client machine (not a URL: <see cref="DownloadFileAsync"/> first).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendVideoAsync(string account, string to, string path, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("video", to) { Path = path }, options, cancellationToken);

    /// <summary>Sends a GIF sticker from the client machine (<c>sendGifMessage</c>; second generation).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="path">The GIF's path on the client machine.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendGifAsync(string account, string to, string path, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("gif", to) { Path = path }, options, cancellationToken);

    /// <summary>Sends a mini program on, by the id of a received message that carried it (<c>sendMiniMessage</c>; second generation).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="messageId">The msgid of the message with the mini program.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendMiniProgramAsync(string account, string to, string messageId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("mini-program", to) { MessageId = messageId }, options, cancellationToken);

    /// <summary>Sends a contact card given as XML (<c>sendCardXmlMessage</c>; second generation).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="xml">The card's XML, at most 50,000 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendCardXmlAsync(string account, string to, string xml, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("card-xml", to) { Xml = xml }, options, cancellationToken);

    /// <summary>Sends an item of the account's favourites (<c>sendFavorite</c>; second generation).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="favoriteId">The item's <c>localId</c>, from the favourites <see cref="RefreshFavoritesAsync"/> asks for.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendFavoriteAsync(string account, string to, string favoriteId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("favorite", to) { FavoriteId = favoriteId }, options, cancellationToken);

    /// <summary>Forwards a received message by its id (<c>transAnyMessage</c>; second generation; its vendor says WeChat no longer lets it work).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="messageId">The msgid of the message to forward.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> ForwardMessageAsync(string account, string to, string messageId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("forward", to) { MessageId = messageId }, options, cancellationToken);

    /// <summary>Transcribes a voice message (<c>transVoice</c>; second generation); the text comes in a <c>reportTransVoice</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="conversation">The conversation the message is in: a wxid or a room id.</param>
    /// <param name="messageId">The voice message's msgid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> TranscribeVoiceAsync(string account, string conversation, string messageId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/messages/transcribe", new MessageRefBody(conversation, messageId), SdkJsonContext.Default.MessageRefBody, options, cancellationToken);

    /// <summary>Sets a room's announcement (<c>sendChatRoomNotice</c>; second generation).</summary>
    /// <param name="account">The account (owner or manager of the room).</param>
    /// <param name="room">The room id.</param>
    /// <param name="notice">1 to 2,000 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SetRoomNoticeAsync(string account, string room, string notice, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Put, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/notice", new NoticeBody(notice), SdkJsonContext.Default.NoticeBody, options, cancellationToken);

    /// <summary>
    /// Brings 1 to 40 friends into a room (second generation): <see cref="RoomMemberMethod.Add"/> puts them in at once
    /// (<c>sendChatroomLow</c>), <see cref="RoomMemberMethod.Invite"/> asks each (<c>sendChatroomHigh</c>); null lets the
    /// gateway choose by the stored room's size (under 40 members: add; otherwise, or unknown: invite).
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="members">The friends' wxids.</param>
    /// <param name="method"><see cref="RoomMemberMethod.Add"/>, <see cref="RoomMemberMethod.Invite"/> or null.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AddRoomMembersAsync(string account, string room, IEnumerable<string> members, string? method = null, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members", new RoomMembersBody([.. members], method), SdkJsonContext.Default.RoomMembersBody, options, cancellationToken);
    }

    /// <summary>Removes 1 to 40 members from a room at once (<c>delChatRoomMembers</c>; second generation).</summary>
    /// <param name="account">The account (owner or manager of the room).</param>
    /// <param name="room">The room id.</param>
    /// <param name="members">The members' wxids.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RemoveRoomMembersAsync(string account, string room, IEnumerable<string> members, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members/remove", new RemoveMembersBody([.. members]), SdkJsonContext.Default.RemoveMembersBody, options, cancellationToken);
    }

    /// <summary>Joins a room by the address its QR code holds (<c>acceptQrcodeChatRoom</c>; second generation); a <c>reportAcceptQrCodeChatRoom</c> answers.</summary>
    /// <param name="account">The account.</param>
    /// <param name="url">The QR code's address (http or https).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> JoinRoomByQrCodeAsync(string account, Uri url, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/qrcode/accept", new QrCodeBody(url.ToString()), SdkJsonContext.Default.QrCodeBody, options, cancellationToken);
    }

    /// <summary>
    /// Sends a friend request (<c>addFriend</c>; second generation; counts against the daily friend-add cap).
    /// <paramref name="scene"/> says where the person was found: 6 added before, 14 a room member (the default when
    /// <paramref name="room"/> is given), 15 a search, 17 a contact card.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="to">Who to add.</param>
    /// <param name="message">The greeting, at most 200 characters.</param>
    /// <param name="scene">6, 14, 15 or 17; required without <paramref name="room"/>.</param>
    /// <param name="room">The room the person is a member of.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendFriendRequestAsync(string account, string to, string? message = null, int? scene = null, string? room = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/friend-requests", new FriendRequestBody(to) { Message = message, Scene = scene, Room = room }, SdkJsonContext.Default.FriendRequestBody, options, cancellationToken);

    /// <summary>Looks a WeChat user up by phone number, WeChat id or QQ number (<c>searchContact</c>; second generation); a <c>reportSearchContact</c> answers with their v1 and v2.</summary>
    /// <param name="account">The account.</param>
    /// <param name="query">1 to 64 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SearchContactAsync(string account, string query, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/contacts/search", new SearchBody(query), SdkJsonContext.Default.SearchBody, options, cancellationToken);

    /// <summary>Sends a friend request to a user <see cref="SearchContactAsync"/> found (<c>addSearchContact</c>; second generation; friend-add cap).</summary>
    /// <param name="account">The account.</param>
    /// <param name="v1">The user's v1, from the search's answer.</param>
    /// <param name="v2">The user's v2, from the search's answer.</param>
    /// <param name="message">The greeting, at most 200 characters.</param>
    /// <param name="scene">6, 14, 15 or 17; null for 15, a search.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendFriendRequestToSearchedAsync(string account, string v1, string v2, string? message = null, int? scene = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/friend-requests/searched", new SearchedContactBody(v1, v2) { Message = message, Scene = scene }, SdkJsonContext.Default.SearchedContactBody, options, cancellationToken);

    /// <summary>Asks again for one friend's profile (<c>getSingleContact</c>; second generation); a <c>reportSingleContact</c> answers.</summary>
    /// <param name="account">The account.</param>
    /// <param name="contact">The friend's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshContactAsync(string account, string contact, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/contacts/{Seg(contact)}/refresh", null, options, cancellationToken);

    /// <summary>Sends a transfer back to its sender (<c>refuseFriendWcpay</c>; second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="transferId">The transfer id of the <c>TransferMessageReport</c>.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefuseTransferAsync(string account, string transferId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/transfers/{Seg(transferId)}/refuse", null, options, cancellationToken);

    /// <summary>Asks for the account's favourites (<c>getFavorites</c>; second generation); a <c>reportFavitems</c> answers with each item's <c>localId</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshFavoritesAsync(string account, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/favorites/refresh", null, options, cancellationToken);

    /// <summary>Adds a received message to the favourites (<c>addFavoriteFrom</c>; second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="conversation">The conversation the message is in: a wxid or a room id.</param>
    /// <param name="messageId">The message's msgid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AddFavoriteAsync(string account, string conversation, string messageId, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/favorites", new MessageRefBody(conversation, messageId), SdkJsonContext.Default.MessageRefBody, options, cancellationToken);

    /// <summary>Has the client download a file onto its machine (<c>downloadFile</c>; second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="url">The file's address (http or https).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> DownloadFileAsync(string account, Uri url, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/files/download", new DownloadBody(url.ToString()), SdkJsonContext.Default.DownloadBody, options, cancellationToken);
    }

    /// <summary>Decrypts one of WeChat's <c>.dat</c> pictures on the client machine into a JPEG (<c>decryptPic</c>; second generation); a <c>reportDecryptPicMessage</c> answers.</summary>
    /// <param name="account">The account.</param>
    /// <param name="source">The encrypted file's path on the client machine.</param>
    /// <param name="target">Where the client writes the JPEG.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> DecryptPictureAsync(string account, string source, string target, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/files/decrypt-picture", new DecryptBody(source, target), SdkJsonContext.Default.DecryptBody, options, cancellationToken);
}
