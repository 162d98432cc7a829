using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>The second generation's login query. A backend offers it through <see cref="IWeChatBackend.LoginV2"/>.</summary>
public interface ILoginBackendV2
{
    /// <summary><c>getLoginUser</c>: post <c>reportLoginUser</c> for the account logged in, then succeed.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetLoginUserAsync(CommandContext context, GetLoginUserCommand command);
}

/// <summary>The second generation's contact lists and friend commands. A backend offers it through <see cref="IWeChatBackend.ContactsV2"/>.</summary>
public interface IContactBackendV2
{
    /// <summary><c>getContacts</c>: post <c>reportContacts</c> (the friends).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetContactsAsync(CommandContext context, GetContactsCommand command);

    /// <summary><c>getImContacts</c>: post <c>reportImContacts</c> (WeCom friends).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetImContactsAsync(CommandContext context, GetImContactsCommand command);

    /// <summary><c>getPublics</c>: post <c>reportPublics</c> (official accounts followed).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetPublicsAsync(CommandContext context, GetPublicsCommand command);

    /// <summary><c>getSingleContact</c>: post <c>reportSingleContact</c> for one wxid.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetSingleContactAsync(CommandContext context, GetSingleContactCommand command);

    /// <summary><c>updateContact</c>: fetch one contact afresh: post <c>reportUpdateContact</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> UpdateContactAsync(CommandContext context, UpdateContactCommand command);

    /// <summary><c>addFriend</c>: send a friend request (to a room member with <c>roomWxid</c>); answered by <c>reportAddFriendMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AddFriendAsync(CommandContext context, AddFriendCommand command);

    /// <summary><c>delFriend</c>: delete a friend; post <c>reportContactDel</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> DeleteFriendAsync(CommandContext context, DelFriendCommand command);

    /// <summary><c>updateRemark</c>: set a friend's remark.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> UpdateRemarkAsync(CommandContext context, UpdateRemarkCommand command);

    /// <summary><c>acceptOnewayFriend</c>: add back someone who still has the account as a friend.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AcceptOnewayFriendAsync(CommandContext context, AcceptOnewayFriendCommand command);

    /// <summary><c>searchContact</c>: search a phone number or WeChat id: post <c>reportSearchContact</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SearchContactAsync(CommandContext context, SearchContactCommand command);

    /// <summary><c>addSearchContact</c>: send a friend request to a searched contact; answered by <c>reportAddFriendMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AddSearchContactAsync(CommandContext context, AddSearchContactCommand command);

    /// <summary><c>addPublic</c>: follow an official account.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AddPublicAsync(CommandContext context, AddPublicCommand command);

    /// <summary><c>zombieCheck</c>: check whether a friend still has the account: post <c>reportZombieCheckMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> ZombieCheckAsync(CommandContext context, ZombieCheckCommand command);
}

/// <summary>The second generation's room commands. A backend offers it through <see cref="IWeChatBackend.RoomsV2"/>.</summary>
public interface IRoomBackendV2
{
    /// <summary><c>getChatRooms</c>: post <c>reportChatRooms</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetChatRoomsAsync(CommandContext context, GetChatRoomsCommand command);

    /// <summary><c>getImRooms</c>: post <c>reportImRooms</c> (WeCom rooms).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetImRoomsAsync(CommandContext context, GetImRoomsCommand command);

    /// <summary><c>getSingleChatRoomMembers</c>: post <c>reportSingleChatRoomMembers</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetRoomMembersAsync(CommandContext context, GetSingleChatRoomMembersCommand command);

    /// <summary><c>getSingleImRoomMembers</c>: post <c>reportSingleImRoomMembers</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetImRoomMembersAsync(CommandContext context, GetSingleImRoomMembersCommand command);

    /// <summary><c>updateChatRoom</c>: fetch a room afresh: post <c>reportSingleChatRoomMembers</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> UpdateChatRoomAsync(CommandContext context, UpdateChatRoomCommand command);

    /// <summary><c>sendChatroomLow</c>: add friends to a room directly (a room under 40 members).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> InviteDirectlyAsync(CommandContext context, SendChatroomLowCommand command);

    /// <summary><c>sendChatroomHigh</c>: invite friends to a room with an invitation card.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> InviteByLinkAsync(CommandContext context, SendChatroomHighCommand command);

    /// <summary><c>delChatRoomMembers</c>: remove members (the owner only); post <c>reportChatRoomMemberDel</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> RemoveMembersAsync(CommandContext context, DelChatRoomMembersCommand command);

    /// <summary><c>sendChatRoomNotice</c>: publish a room notice (the owner only).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendNoticeAsync(CommandContext context, SendChatRoomNoticeCommand command);

    /// <summary><c>updateChatRoomDisplayName</c>: set the account's own nickname in a room.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SetOwnRoomNickAsync(CommandContext context, UpdateChatRoomDisplayNameCommand command);

    /// <summary><c>showDisplayName</c>: show or hide members' room nicknames.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> ShowDisplayNamesAsync(CommandContext context, ShowDisplayNameCommand command);

    /// <summary><c>quitDelChatRoom</c>: leave a room and delete it; post <c>reportChatRoomQuit</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> QuitRoomAsync(CommandContext context, QuitDelChatRoomCommand command);

    /// <summary><c>autoAcceptChatRoom</c>: accept room invitations automatically, or stop.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AutoAcceptRoomsAsync(CommandContext context, AutoAcceptChatRoomCommand command);

    /// <summary><c>acceptQrcodeChatRoom</c>: join a room by its QR code link; answered by <c>reportAcceptQrCodeChatRoom</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> JoinByQrCodeAsync(CommandContext context, AcceptQrcodeChatRoomCommand command);

    /// <summary><c>saveRoomToContact</c>: save a room to the contacts, or remove it.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SaveRoomToContactsAsync(CommandContext context, SaveRoomToContactCommand command);
}

/// <summary>The second generation's messages and what can be done with a received one. A backend offers it through <see cref="IWeChatBackend.MessagesV2"/>.</summary>
public interface IMessageBackendV2
{
    /// <summary><c>sendAtTextMessage</c>: a room text mentioning members.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendAtTextAsync(CommandContext context, SendAtTextMessageCommand command);

    /// <summary><c>sendVideoMessage</c>: a video from the client machine.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendVideoAsync(CommandContext context, SendVideoMessageCommand command);

    /// <summary><c>sendGifMessage</c>: a sticker from the client machine.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendGifAsync(CommandContext context, SendGifMessageCommand command);

    /// <summary><c>sendLinkMessage</c>: a link card.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendLinkAsync(CommandContext context, SendLinkMessageCommand command);

    /// <summary><c>sendMiniMessage</c>: forward a received mini-program card by its msgid.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendMiniAsync(CommandContext context, SendMiniMessageCommand command);

    /// <summary><c>sendFavorite</c>: send a favourite by its localid.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendFavoriteAsync(CommandContext context, SendFavoriteCommand command);

    /// <summary><c>sendCardXmlMessage</c>: a card given as XML.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendCardXmlAsync(CommandContext context, SendCardXmlMessageCommand command);

    /// <summary><c>transAnyMessage</c>: forward any received message by its msgid.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> ForwardAsync(CommandContext context, TransAnyMessageCommand command);

    /// <summary><c>getFavorites</c>: post <c>reportFavitems</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetFavoritesAsync(CommandContext context, GetFavoritesCommand command);

    /// <summary><c>addFavoriteFrom</c>: keep a received message as a favourite.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AddFavoriteAsync(CommandContext context, AddFavoriteFromCommand command);

    /// <summary><c>transVoice</c>: turn a voice message into text: post <c>reportTransVoice</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> TranscribeVoiceAsync(CommandContext context, TransVoiceCommand command);

    /// <summary><c>decryptPic</c>: decrypt a received image file: post <c>reportDecryptPicMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> DecryptPicAsync(CommandContext context, DecryptPicCommand command);

    /// <summary><c>scanQrcodePic</c>: read a QR code image: post <c>reportScanQrcodePic</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> ScanQrCodeAsync(CommandContext context, ScanQrcodePicCommand command);

    /// <summary><c>checkUrlStatus</c>: check a link as WeChat would open it: post <c>reportCheckUrlStatus</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> CheckUrlAsync(CommandContext context, CheckUrlStatusCommand command);

    /// <summary><c>unreadMsgCountChange</c>: mark the unread messages read.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> MarkReadAsync(CommandContext context, UnreadMsgCountChangeCommand command);

    /// <summary><c>modRecvNotify</c>: mute or unmute a conversation.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> MuteAsync(CommandContext context, ModRecvNotifyCommand command);

    /// <summary><c>chatSessionTop</c>: pin or unpin a conversation.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> PinAsync(CommandContext context, ChatSessionTopCommand command);
}

/// <summary>The second generation's switches and administrative commands on the client machine. A backend offers it through <see cref="IWeChatBackend.ClientV2"/>.</summary>
public interface IClientBackendV2
{
    /// <summary><c>autoAcceptFriend</c>: accept friend requests automatically, or stop.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AutoAcceptFriendsAsync(CommandContext context, AutoAcceptFriendCommand command);

    /// <summary><c>autoAcceptWcpay</c>: accept transfers automatically, or stop.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AutoAcceptTransfersAsync(CommandContext context, AutoAcceptWcpayCommand command);

    /// <summary><c>autoAcceptCard</c>: add people from received cards automatically, or stop.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AutoAcceptCardsAsync(CommandContext context, AutoAcceptCardCommand command);

    /// <summary><c>refuseFriendWcpay</c>: send a transfer back.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> RefuseTransferAsync(CommandContext context, RefuseFriendWcpayCommand command);

    /// <summary><c>clearChatHistory</c>: delete the chat history.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> ClearChatHistoryAsync(CommandContext context, ClearChatHistoryCommand command);

    /// <summary><c>openBrowser</c>: open a link in WeChat's browser.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> OpenBrowserAsync(CommandContext context, OpenBrowserCommand command);

    /// <summary><c>disableRevoke</c>: keep messages their sender recalls, or stop.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> DisableRevokeAsync(CommandContext context, DisableRevokeCommand command);

    /// <summary><c>getSqlData</c>: query one of WeChat's databases: post <c>reportSqlData</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetSqlDataAsync(CommandContext context, GetSqlDataCommand command);

    /// <summary><c>downloadFile</c>: download a file to the client machine.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> DownloadFileAsync(CommandContext context, DownloadFileCommand command);
}

/// <summary>
/// A backend whose instances do not all speak the agent's <see cref="AgentOptions.Interface"/> (the simulated world in
/// its mixed mode): the generation one instance speaks, or null for the agent's.
/// </summary>
internal interface IInstanceInterfaces
{
    /// <summary>The generation the instance <paramref name="pid"/> speaks, or null for the agent's.</summary>
    InterfaceGenerations? InterfaceOf(int pid);
}
