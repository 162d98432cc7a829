using System.Collections.Frozen;
using System.Text.Json;

namespace WeQuick.Protocol;

/// <summary>
/// The generations of the WeQuick interface: the first, documented until 2020-07, and the second, documented from
/// 2020-08 and spoken by every client released since. A kind belongs to one or both.
/// </summary>
[Flags]
public enum InterfaceGenerations
{
    /// <summary>Neither (not a valid value for a kind).</summary>
    None = 0,

    /// <summary>The first generation (<c>spec/wequick-interface.md</c>).</summary>
    V1 = 1,

    /// <summary>The second generation (<c>spec/wequick-interface-v2.md</c>).</summary>
    V2 = 2,

    /// <summary>Both generations, under the same name.</summary>
    Both = V1 | V2,
}

/// <summary>One kind of report: its wire action, its model type, and how to read it.</summary>
public sealed class ReportKind
{
    internal ReportKind(Type modelType, string action, Func<ReportSource, Report> read, InterfaceGenerations generations = InterfaceGenerations.V1)
    {
        ModelType = modelType;
        Action = action;
        Read = read;
        Generations = generations;
    }

    /// <summary>The generations of the interface that have this kind.</summary>
    public InterfaceGenerations Generations { get; }

    /// <summary>The wire action (for the generic ack, <c>"ack"</c>: its wire action is empty or <c>res…</c>).</summary>
    public string Action { get; }

    /// <summary>The typed model.</summary>
    public Type ModelType { get; }

    /// <summary>The command this report answers, where one declares it in its <see cref="CommandKind.Policy"/>.</summary>
    public string? AnswersCommand => ProtocolRegistry.AnsweredBy(Action);

    internal Func<ReportSource, Report> Read { get; }
}

/// <summary>One kind of command: its wire api, its model type, and how to read it.</summary>
public sealed class CommandKind
{
    internal CommandKind(Type modelType, string api, Func<string?, JsonElement, Command> read, CommandPolicy policy, InterfaceGenerations generations = InterfaceGenerations.V1)
    {
        ModelType = modelType;
        Api = api;
        Read = read;
        Policy = policy;
        Generations = generations;
    }

    /// <summary>The generations of the interface that have this kind.</summary>
    public InterfaceGenerations Generations { get; }

    /// <summary>The wire api.</summary>
    public string Api { get; }

    /// <summary>How a server queues, hands out, paces and correlates it.</summary>
    public CommandPolicy Policy { get; }

    /// <summary>The typed model.</summary>
    public Type ModelType { get; }

    internal Func<string?, JsonElement, Command> Read { get; }
}

/// <summary>The single list of every report and command kind this library knows.</summary>
public static class ProtocolRegistry
{
    /// <summary>
    /// Every report kind of both generations: the first generation's in its spec's order, then the second
    /// generation's own kinds in its document's order, then the acks. Each says which generations have it.
    /// </summary>
    public static IReadOnlyList<ReportKind> Reports { get; } =
    [
        new(typeof(LoginQrCodeReport), LoginQrCodeReport.ActionName, LoginQrCodeReport.Read),
        new(typeof(LoginStatusReport), LoginStatusReport.ActionName, LoginStatusReport.Read),
        new(typeof(LoginUserReport), LoginUserReport.ActionName, LoginUserReport.Read, InterfaceGenerations.Both),
        new(typeof(LogoutReport), LogoutReport.ActionName, LogoutReport.Read, InterfaceGenerations.Both),
        new(typeof(ContactReport), ContactReport.ActionName, ContactReport.Read),
        new(typeof(UsersWxidReport), UsersWxidReport.ActionName, UsersWxidReport.Read),
        new(typeof(UsersInfoReport), UsersInfoReport.ActionName, UsersInfoReport.Read),
        new(typeof(ChatRoomUserListsReport), ChatRoomUserListsReport.ActionName, ChatRoomUserListsReport.Read),
        new(typeof(ChatRoomUserNickReport), ChatRoomUserNickReport.ActionName, ChatRoomUserNickReport.Read),
        new(typeof(TextMessageReport), TextMessageReport.ActionName, TextMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(PicMessageReport), PicMessageReport.ActionName, PicMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(FileMessageReport), FileMessageReport.ActionName, FileMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(AddChatRoomMessageReport), AddChatRoomMessageReport.ActionName, AddChatRoomMessageReport.Read),
        new(typeof(MiniMessageReport), MiniMessageReport.ActionName, MiniMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(UrlMessageReport), UrlMessageReport.ActionName, UrlMessageReport.Read),
        new(typeof(TransferMessageReport), TransferMessageReport.ActionName, TransferMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(CardMessageReport), CardMessageReport.ActionName, CardMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(GifMessageReport), GifMessageReport.ActionName, GifMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(VoiceMessageReport), VoiceMessageReport.ActionName, VoiceMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(VideoMessageReport), VideoMessageReport.ActionName, VideoMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(ChatroomMessageReport), ChatroomMessageReport.ActionName, ChatroomMessageReport.Read),
        new(typeof(SystemMessageReport), SystemMessageReport.ActionName, SystemMessageReport.Read, InterfaceGenerations.Both),
        new(typeof(FriendAddRequestReport), FriendAddRequestReport.ActionName, FriendAddRequestReport.Read, InterfaceGenerations.Both),
        new(typeof(ChatRoomChangeReport), ChatRoomChangeReport.ActionName, ChatRoomChangeReport.Read),
        // The second generation's own kinds, in its document's order.
        new(typeof(QrCodeMessageReport), QrCodeMessageReport.ActionName, QrCodeMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(ContactsReport), ContactsReport.ActionName, ContactsReport.Read, InterfaceGenerations.V2),
        new(typeof(ImContactsReport), ImContactsReport.ActionName, ImContactsReport.Read, InterfaceGenerations.V2),
        new(typeof(PublicsReport), PublicsReport.ActionName, PublicsReport.Read, InterfaceGenerations.V2),
        new(typeof(SingleContactReport), SingleContactReport.ActionName, SingleContactReport.Read, InterfaceGenerations.V2),
        new(typeof(UpdateContactReport), UpdateContactReport.ActionName, UpdateContactReport.Read, InterfaceGenerations.V2),
        new(typeof(ContactAddReport), ContactAddReport.ActionName, ContactAddReport.Read, InterfaceGenerations.V2),
        new(typeof(ContactDelReport), ContactDelReport.ActionName, ContactDelReport.Read, InterfaceGenerations.V2),
        new(typeof(ChatRoomsReport), ChatRoomsReport.ActionName, ChatRoomsReport.Read, InterfaceGenerations.V2),
        new(typeof(ImRoomsReport), ImRoomsReport.ActionName, ImRoomsReport.Read, InterfaceGenerations.V2),
        new(typeof(SingleChatRoomMembersReport), SingleChatRoomMembersReport.ActionName, SingleChatRoomMembersReport.Read, InterfaceGenerations.V2),
        new(typeof(SingleImRoomMembersReport), SingleImRoomMembersReport.ActionName, SingleImRoomMembersReport.Read, InterfaceGenerations.V2),
        new(typeof(AcceptQrCodeChatRoomReport), AcceptQrCodeChatRoomReport.ActionName, AcceptQrCodeChatRoomReport.Read, InterfaceGenerations.V2),
        new(typeof(ChatRoomMemberAddReport), ChatRoomMemberAddReport.ActionName, ChatRoomMemberAddReport.Read, InterfaceGenerations.V2),
        new(typeof(ChatRoomMemberDelReport), ChatRoomMemberDelReport.ActionName, ChatRoomMemberDelReport.Read, InterfaceGenerations.V2),
        new(typeof(NewChatRoomReport), NewChatRoomReport.ActionName, NewChatRoomReport.Read, InterfaceGenerations.V2),
        new(typeof(ChatRoomQuitReport), ChatRoomQuitReport.ActionName, ChatRoomQuitReport.Read, InterfaceGenerations.V2),
        new(typeof(LocationMessageReport), LocationMessageReport.ActionName, LocationMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(LinkMessageReport), LinkMessageReport.ActionName, LinkMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(ZombieCheckMessageReport), ZombieCheckMessageReport.ActionName, ZombieCheckMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(DecryptPicMessageReport), DecryptPicMessageReport.ActionName, DecryptPicMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(QrCodeWcPayReport), QrCodeWcPayReport.ActionName, QrCodeWcPayReport.Read, InterfaceGenerations.V2),
        new(typeof(FavitemsReport), FavitemsReport.ActionName, FavitemsReport.Read, InterfaceGenerations.V2),
        new(typeof(OtherMessageReport), OtherMessageReport.ActionName, OtherMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(OtherAppMessageReport), OtherAppMessageReport.ActionName, OtherAppMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(AddFriendMessageReport), AddFriendMessageReport.ActionName, AddFriendMessageReport.Read, InterfaceGenerations.V2),
        new(typeof(SearchContactReport), SearchContactReport.ActionName, SearchContactReport.Read, InterfaceGenerations.V2),
        new(typeof(SqlDataReport), SqlDataReport.ActionName, SqlDataReport.Read, InterfaceGenerations.V2),
        new(typeof(ScanQrcodePicReport), ScanQrcodePicReport.ActionName, ScanQrcodePicReport.Read, InterfaceGenerations.V2),
        new(typeof(TalkerChangeReport), TalkerChangeReport.ActionName, TalkerChangeReport.Read, InterfaceGenerations.V2),
        new(typeof(TransVoiceReport), TransVoiceReport.ActionName, TransVoiceReport.Read, InterfaceGenerations.V2),
        new(typeof(CheckUrlStatusReport), CheckUrlStatusReport.ActionName, CheckUrlStatusReport.Read, InterfaceGenerations.V2),
        new(typeof(UploadFileResultReport), UploadFileResultReport.ActionName, UploadFileResultReport.Read, InterfaceGenerations.Both),
        new(typeof(LogoutResultReport), LogoutResultReport.ActionName, LogoutResultReport.Read),
        new(typeof(CommandAck), CommandAck.AckKind, CommandAck.Read, InterfaceGenerations.Both),
    ];

    // The policies most commands share: a message, a change to a person, a room operation.
    private static readonly CommandPolicy Message = new(false, CommandTargetKind.Account, CommandPacing.Message);
    private static readonly CommandPolicy Change = new(false, CommandTargetKind.Account, CommandPacing.Change);
    private static readonly CommandPolicy RoomOperation = new(false, CommandTargetKind.Account, CommandPacing.RoomOperation);

    // A setting of the account or of a conversation (mute, pin, show nicknames, auto-accept rooms): sent once, not paced.
    private static readonly CommandPolicy Setting = new(false, CommandTargetKind.Account);

    // A switch that makes the client act on its own for money or new contacts: a setting that needs the admin scope.
    private static readonly CommandPolicy AdminSwitch = new(false, CommandTargetKind.Account) { RequiresAdmin = true };

    private const InterfaceGenerations V1 = InterfaceGenerations.V1;
    private const InterfaceGenerations V2 = InterfaceGenerations.V2;
    private const InterfaceGenerations Both = InterfaceGenerations.Both;

    /// <summary>
    /// Every command kind: the first generation's in its document's order (with <see cref="InterfaceGenerations.Both"/>
    /// for the names the second kept), the vendor demo's <c>addRoomFriend</c>, then the second generation's own in its
    /// document's order.
    /// </summary>
    public static IReadOnlyList<CommandKind> Commands { get; } =
    [
        new(typeof(OpenWeChatCommand), OpenWeChatCommand.ApiName, OpenWeChatCommand.Read, new(false, CommandTargetKind.Instance), Both),
        new(typeof(GetLoginQrCodeCommand), GetLoginQrCodeCommand.ApiName, GetLoginQrCodeCommand.Read, new(true, CommandTargetKind.Instance, answerKinds: [LoginQrCodeReport.ActionName, V2ReportNames.QrCodeMessage]), Both),
        new(typeof(GetLoginStatusCommand), GetLoginStatusCommand.ApiName, GetLoginStatusCommand.Read, new(true, CommandTargetKind.Instance, answerKinds: LoginStatusReport.ActionName), V1),
        new(typeof(LogoutCommand), LogoutCommand.ApiName, LogoutCommand.Read, new(false, CommandTargetKind.Account, answerKinds: [LogoutResultReport.ActionName, LogoutReport.ActionName]), Both),
        new(typeof(SendTextMessageCommand), SendTextMessageCommand.ApiName, SendTextMessageCommand.Read, Message, Both),
        new(typeof(SendPicMessageCommand), SendPicMessageCommand.ApiName, SendPicMessageCommand.Read, Message, Both),
        new(typeof(SendFileMessageCommand), SendFileMessageCommand.ApiName, SendFileMessageCommand.Read, Message, Both),
        new(typeof(SendXmlMessageCommand), SendXmlMessageCommand.ApiName, SendXmlMessageCommand.Read, Message, Both),
        new(typeof(SendCardMessageCommand), SendCardMessageCommand.ApiName, SendCardMessageCommand.Read, Message, Both),
        new(typeof(SendChatroomCommand), SendChatroomCommand.ApiName, SendChatroomCommand.Read, RoomOperation, V1),
        new(typeof(GetContactCommand), GetContactCommand.ApiName, GetContactCommand.Read, new(true, CommandTargetKind.Account, answerKinds: ContactReport.ActionName), V1),
        new(typeof(GetUsersWxidCommand), GetUsersWxidCommand.ApiName, GetUsersWxidCommand.Read, new(true, CommandTargetKind.Account, answerKinds: UsersWxidReport.ActionName), V1),
        new(typeof(GetUsersInfoCommand), GetUsersInfoCommand.ApiName, GetUsersInfoCommand.Read, new(true, CommandTargetKind.Account, answerKinds: UsersInfoReport.ActionName), V1),
        new(typeof(DelUserCommand), DelUserCommand.ApiName, DelUserCommand.Read, Change, V1),
        new(typeof(AcceptFriendCommand), AcceptFriendCommand.ApiName, AcceptFriendCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, CommandDailyCap.FriendAdd), Both),
        new(typeof(UpdateAsNameCommand), UpdateAsNameCommand.ApiName, UpdateAsNameCommand.Read, Change, V1),
        new(typeof(GetChatRoomUsersCommand), GetChatRoomUsersCommand.ApiName, GetChatRoomUsersCommand.Read, new(true, CommandTargetKind.Account, answerKinds: ChatRoomUserListsReport.ActionName), V1),
        new(typeof(GetChatRoomUserNickCommand), GetChatRoomUserNickCommand.ApiName, GetChatRoomUserNickCommand.Read, new(true, CommandTargetKind.Account, answerKinds: ChatRoomUserNickReport.ActionName), V1),
        new(typeof(DelChatRoomUserCommand), DelChatRoomUserCommand.ApiName, DelChatRoomUserCommand.Read, RoomOperation, V1),
        new(typeof(UpdateChatRoomNameCommand), UpdateChatRoomNameCommand.ApiName, UpdateChatRoomNameCommand.Read, RoomOperation, Both),
        new(typeof(UpdateRoomAsNameCommand), UpdateRoomAsNameCommand.ApiName, UpdateRoomAsNameCommand.Read, RoomOperation, V1),
        new(typeof(CreateChatRoomCommand), CreateChatRoomCommand.ApiName, CreateChatRoomCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.RoomOperation, CommandDailyCap.CreateRoom), Both),
        new(typeof(ExitChatRoomCommand), ExitChatRoomCommand.ApiName, ExitChatRoomCommand.Read, RoomOperation, V1),
        new(typeof(AcceptChatroomInviteCommand), AcceptChatroomInviteCommand.ApiName, AcceptChatroomInviteCommand.Read, RoomOperation, Both),
        new(typeof(AcceptBankTransferCommand), AcceptBankTransferCommand.ApiName, AcceptBankTransferCommand.Read, Change, Both),
        new(typeof(UploadFileCommand), UploadFileCommand.ApiName, UploadFileCommand.Read, new(false, CommandTargetKind.Account, answerKinds: UploadFileResultReport.ActionName), Both),
        new(typeof(CloseProcessCommand), CloseProcessCommand.ApiName, CloseProcessCommand.Read, new(false, CommandTargetKind.Instance), Both),
        new(typeof(AddRoomFriendCommand), AddRoomFriendCommand.ApiName, AddRoomFriendCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, CommandDailyCap.FriendAdd), V1),
        new(typeof(GetLoginUserCommand), GetLoginUserCommand.ApiName, GetLoginUserCommand.Read, new(true, CommandTargetKind.Account, answerKinds: LoginUserReport.ActionName), V2),
        new(typeof(GetContactsCommand), GetContactsCommand.ApiName, GetContactsCommand.ReadEither, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.Contacts), V2),
        new(typeof(GetImContactsCommand), GetImContactsCommand.ApiName, GetImContactsCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.ImContacts), V2),
        new(typeof(GetPublicsCommand), GetPublicsCommand.ApiName, GetPublicsCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.Publics), V2),
        new(typeof(GetSingleContactCommand), GetSingleContactCommand.ApiName, GetSingleContactCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SingleContact), V2),
        new(typeof(UpdateContactCommand), UpdateContactCommand.ApiName, UpdateContactCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.UpdateContact), V2),
        new(typeof(AddFriendCommand), AddFriendCommand.ApiName, AddFriendCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, CommandDailyCap.FriendAdd, V2ReportNames.AddFriendMessage), V2),
        new(typeof(DelFriendCommand), DelFriendCommand.ApiName, DelFriendCommand.Read, Change, V2),
        new(typeof(UpdateRemarkCommand), UpdateRemarkCommand.ApiName, UpdateRemarkCommand.Read, Change, V2),
        new(typeof(RefuseFriendWcpayCommand), RefuseFriendWcpayCommand.ApiName, RefuseFriendWcpayCommand.Read, Change, V2),
        new(typeof(AutoAcceptFriendCommand), AutoAcceptFriendCommand.ApiName, AutoAcceptFriendCommand.Read, AdminSwitch, V2),
        new(typeof(AutoAcceptWcpayCommand), AutoAcceptWcpayCommand.ApiName, AutoAcceptWcpayCommand.Read, AdminSwitch, V2),
        new(typeof(AutoAcceptCardCommand), AutoAcceptCardCommand.ApiName, AutoAcceptCardCommand.Read, AdminSwitch, V2),
        new(typeof(AcceptOnewayFriendCommand), AcceptOnewayFriendCommand.ApiName, AcceptOnewayFriendCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, CommandDailyCap.FriendAdd), V2),
        new(typeof(SearchContactCommand), SearchContactCommand.ApiName, SearchContactCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SearchContact), V2),
        new(typeof(AddSearchContactCommand), AddSearchContactCommand.ApiName, AddSearchContactCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, CommandDailyCap.FriendAdd, V2ReportNames.AddFriendMessage), V2),
        new(typeof(GetChatRoomsCommand), GetChatRoomsCommand.ApiName, GetChatRoomsCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.ChatRooms), V2),
        new(typeof(GetImRoomsCommand), GetImRoomsCommand.ApiName, GetImRoomsCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.ImRooms), V2),
        new(typeof(GetSingleChatRoomMembersCommand), GetSingleChatRoomMembersCommand.ApiName, GetSingleChatRoomMembersCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SingleChatRoomMembers), V2),
        new(typeof(GetSingleImRoomMembersCommand), GetSingleImRoomMembersCommand.ApiName, GetSingleImRoomMembersCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SingleImRoomMembers), V2),
        new(typeof(UpdateChatRoomCommand), UpdateChatRoomCommand.ApiName, UpdateChatRoomCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SingleChatRoomMembers), V2),
        new(typeof(SendChatroomLowCommand), SendChatroomLowCommand.ApiName, SendChatroomLowCommand.Read, RoomOperation, V2),
        new(typeof(SendChatroomHighCommand), SendChatroomHighCommand.ApiName, SendChatroomHighCommand.Read, RoomOperation, V2),
        new(typeof(DelChatRoomMembersCommand), DelChatRoomMembersCommand.ApiName, DelChatRoomMembersCommand.Read, RoomOperation, V2),
        new(typeof(SendChatRoomNoticeCommand), SendChatRoomNoticeCommand.ApiName, SendChatRoomNoticeCommand.Read, RoomOperation, V2),
        new(typeof(UpdateChatRoomDisplayNameCommand), UpdateChatRoomDisplayNameCommand.ApiName, UpdateChatRoomDisplayNameCommand.Read, RoomOperation, V2),
        new(typeof(ShowDisplayNameCommand), ShowDisplayNameCommand.ApiName, ShowDisplayNameCommand.Read, Setting, V2),
        new(typeof(QuitDelChatRoomCommand), QuitDelChatRoomCommand.ApiName, QuitDelChatRoomCommand.Read, RoomOperation, V2),
        new(typeof(AutoAcceptChatRoomCommand), AutoAcceptChatRoomCommand.ApiName, AutoAcceptChatRoomCommand.Read, Setting, V2),
        new(typeof(AcceptQrcodeChatRoomCommand), AcceptQrcodeChatRoomCommand.ApiName, AcceptQrcodeChatRoomCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.RoomOperation, answerKinds: V2ReportNames.AcceptQrCodeChatRoom), V2),
        new(typeof(SaveRoomToContactCommand), SaveRoomToContactCommand.ApiName, SaveRoomToContactCommand.Read, Setting, V2),
        new(typeof(TransAnyMessageCommand), TransAnyMessageCommand.ApiName, TransAnyMessageCommand.Read, Message, V2),
        new(typeof(SendAtTextMessageCommand), SendAtTextMessageCommand.ApiName, SendAtTextMessageCommand.Read, Message, V2),
        new(typeof(SendVideoMessageCommand), SendVideoMessageCommand.ApiName, SendVideoMessageCommand.Read, Message, V2),
        new(typeof(SendGifMessageCommand), SendGifMessageCommand.ApiName, SendGifMessageCommand.Read, Message, V2),
        new(typeof(SendLinkMessageCommand), SendLinkMessageCommand.ApiName, SendLinkMessageCommand.Read, Message, V2),
        new(typeof(SendMiniMessageCommand), SendMiniMessageCommand.ApiName, SendMiniMessageCommand.Read, Message, V2),
        new(typeof(SendFavoriteCommand), SendFavoriteCommand.ApiName, SendFavoriteCommand.Read, Message, V2),
        new(typeof(SendCardXmlMessageCommand), SendCardXmlMessageCommand.ApiName, SendCardXmlMessageCommand.Read, Message, V2),
        new(typeof(AddPublicCommand), AddPublicCommand.ApiName, AddPublicCommand.Read, Change, V2),
        new(typeof(GetFavoritesCommand), GetFavoritesCommand.ApiName, GetFavoritesCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.Favitems), V2),
        new(typeof(AddFavoriteFromCommand), AddFavoriteFromCommand.ApiName, AddFavoriteFromCommand.Read, Setting, V2),
        new(typeof(TransVoiceCommand), TransVoiceCommand.ApiName, TransVoiceCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.TransVoice), V2),
        new(typeof(ZombieCheckCommand), ZombieCheckCommand.ApiName, ZombieCheckCommand.Read, new(false, CommandTargetKind.Account, CommandPacing.Change, answerKinds: V2ReportNames.ZombieCheckMessage), V2),
        new(typeof(DecryptPicCommand), DecryptPicCommand.ApiName, DecryptPicCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.DecryptPicMessage), V2),
        new(typeof(UnreadMsgCountChangeCommand), UnreadMsgCountChangeCommand.ApiName, UnreadMsgCountChangeCommand.Read, new(true, CommandTargetKind.Account), V2),
        new(typeof(ClearChatHistoryCommand), ClearChatHistoryCommand.ApiName, ClearChatHistoryCommand.Read, new(false, CommandTargetKind.Account) { RequiresAdmin = true }, V2),
        new(typeof(ScanQrcodePicCommand), ScanQrcodePicCommand.ApiName, ScanQrcodePicCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.ScanQrcodePic), V2),
        new(typeof(ModRecvNotifyCommand), ModRecvNotifyCommand.ApiName, ModRecvNotifyCommand.Read, Setting, V2),
        new(typeof(ChatSessionTopCommand), ChatSessionTopCommand.ApiName, ChatSessionTopCommand.Read, Setting, V2),
        new(typeof(OpenBrowserCommand), OpenBrowserCommand.ApiName, OpenBrowserCommand.Read, new(false, CommandTargetKind.Account) { RequiresAdmin = true }, V2),
        new(typeof(DisableRevokeCommand), DisableRevokeCommand.ApiName, DisableRevokeCommand.Read, AdminSwitch, V2),
        new(typeof(CheckUrlStatusCommand), CheckUrlStatusCommand.ApiName, CheckUrlStatusCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.CheckUrlStatus), V2),
        new(typeof(GetSqlDataCommand), GetSqlDataCommand.ApiName, GetSqlDataCommand.Read, new(true, CommandTargetKind.Account, answerKinds: V2ReportNames.SqlData) { RequiresAdmin = true }, V2),
        new(typeof(DownloadFileCommand), DownloadFileCommand.ApiName, DownloadFileCommand.Read, new(false, CommandTargetKind.Account), V2),
    ];

    private static readonly FrozenDictionary<string, ReportKind> ReportsByAction =
        Reports.Where(k => k.ModelType != typeof(CommandAck)).ToFrozenDictionary(k => k.Action, StringComparer.Ordinal);

    // getContacts is the second generation's own kind; its reader hands one that carries a flag (a vendor demo's
    // spelling of the first generation's getContact) to GetContactCommand.
    private static readonly FrozenDictionary<string, CommandKind> CommandsByApi = Commands
        .ToFrozenDictionary(k => k.Api, StringComparer.Ordinal);

    // A report that answers more than one kind (reportAddFriendMessage, reportSingleChatRoomMembers) names the first listed.
    private static readonly FrozenDictionary<string, string> CommandsByAnswer = Commands
        .SelectMany(k => k.Policy.AnswerKinds.Select(a => (Answer: a, k.Api)))
        .GroupBy(p => p.Answer, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First().Api, StringComparer.Ordinal);

    /// <summary>The report kind for a wire action; null for the generic ack and for unknown actions.</summary>
    public static ReportKind? FindReport(string action) => ReportsByAction.GetValueOrDefault(action);

    /// <summary>
    /// The command kind for a wire api. <c>getContacts</c> finds the second generation's kind, whose reader still turns
    /// a <c>getContacts</c> carrying a <c>flag</c> into the first generation's <see cref="GetContactCommand"/>.
    /// </summary>
    public static CommandKind? FindCommand(string api) => CommandsByApi.GetValueOrDefault(api);

    /// <summary>The report kind whose model is <paramref name="modelType"/>.</summary>
    public static ReportKind? ReportOf(Type modelType) => Reports.FirstOrDefault(k => k.ModelType == modelType);

    /// <summary>The usual report kind that answers a command (besides its ack), if one does.</summary>
    public static string? AnswerKindOf(string api) => FindCommand(api)?.Policy.AnswerKind;

    /// <summary>The command whose policy names <paramref name="reportKind"/> among its answers, if any.</summary>
    internal static string? AnsweredBy(string reportKind) => CommandsByAnswer.GetValueOrDefault(reportKind);
}
