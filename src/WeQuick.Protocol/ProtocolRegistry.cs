using System.Collections.Frozen;
using System.Text.Json;

namespace WeQuick.Protocol;

/// <summary>One kind of report: its wire action, its model type, and how to read it.</summary>
public sealed class ReportKind
{
    internal ReportKind(Type modelType, string action, Func<ReportSource, Report> read, string? queryOf = null)
    {
        ModelType = modelType;
        Action = action;
        Read = read;
        AnswersCommand = queryOf;
    }

    /// <summary>The wire action (for the generic ack, <c>"ack"</c>: its wire action is empty or <c>res…</c>).</summary>
    public string Action { get; }

    /// <summary>The typed model.</summary>
    public Type ModelType { get; }

    /// <summary>The query command this report answers, where it answers one.</summary>
    public string? AnswersCommand { get; }

    internal Func<ReportSource, Report> Read { get; }
}

/// <summary>One kind of command: its wire api, its model type, and how to read it.</summary>
public sealed class CommandKind
{
    internal CommandKind(Type modelType, string api, Func<string?, JsonElement, Command> read)
    {
        ModelType = modelType;
        Api = api;
        Read = read;
    }

    /// <summary>The wire api.</summary>
    public string Api { get; }

    /// <summary>The typed model.</summary>
    public Type ModelType { get; }

    internal Func<string?, JsonElement, Command> Read { get; }
}

/// <summary>The single list of every report and command kind this library knows.</summary>
public static class ProtocolRegistry
{
    /// <summary>Every report kind, in the spec's order, then the acks.</summary>
    public static IReadOnlyList<ReportKind> Reports { get; } =
    [
        new(typeof(LoginQrCodeReport), LoginQrCodeReport.ActionName, LoginQrCodeReport.Read, GetLoginQrCodeCommand.ApiName),
        new(typeof(LoginStatusReport), LoginStatusReport.ActionName, LoginStatusReport.Read, GetLoginStatusCommand.ApiName),
        new(typeof(LoginUserReport), LoginUserReport.ActionName, LoginUserReport.Read),
        new(typeof(LogoutReport), LogoutReport.ActionName, LogoutReport.Read),
        new(typeof(ContactReport), ContactReport.ActionName, ContactReport.Read, GetContactCommand.ApiName),
        new(typeof(UsersWxidReport), UsersWxidReport.ActionName, UsersWxidReport.Read, GetUsersWxidCommand.ApiName),
        new(typeof(UsersInfoReport), UsersInfoReport.ActionName, UsersInfoReport.Read, GetUsersInfoCommand.ApiName),
        new(typeof(ChatRoomUserListsReport), ChatRoomUserListsReport.ActionName, ChatRoomUserListsReport.Read, GetChatRoomUsersCommand.ApiName),
        new(typeof(ChatRoomUserNickReport), ChatRoomUserNickReport.ActionName, ChatRoomUserNickReport.Read, GetChatRoomUserNickCommand.ApiName),
        new(typeof(TextMessageReport), TextMessageReport.ActionName, TextMessageReport.Read),
        new(typeof(PicMessageReport), PicMessageReport.ActionName, PicMessageReport.Read),
        new(typeof(FileMessageReport), FileMessageReport.ActionName, FileMessageReport.Read),
        new(typeof(AddChatRoomMessageReport), AddChatRoomMessageReport.ActionName, AddChatRoomMessageReport.Read),
        new(typeof(MiniMessageReport), MiniMessageReport.ActionName, MiniMessageReport.Read),
        new(typeof(UrlMessageReport), UrlMessageReport.ActionName, UrlMessageReport.Read),
        new(typeof(TransferMessageReport), TransferMessageReport.ActionName, TransferMessageReport.Read),
        new(typeof(CardMessageReport), CardMessageReport.ActionName, CardMessageReport.Read),
        new(typeof(GifMessageReport), GifMessageReport.ActionName, GifMessageReport.Read),
        new(typeof(VoiceMessageReport), VoiceMessageReport.ActionName, VoiceMessageReport.Read),
        new(typeof(VideoMessageReport), VideoMessageReport.ActionName, VideoMessageReport.Read),
        new(typeof(ChatroomMessageReport), ChatroomMessageReport.ActionName, ChatroomMessageReport.Read),
        new(typeof(SystemMessageReport), SystemMessageReport.ActionName, SystemMessageReport.Read),
        new(typeof(FriendAddRequestReport), FriendAddRequestReport.ActionName, FriendAddRequestReport.Read),
        new(typeof(ChatRoomChangeReport), ChatRoomChangeReport.ActionName, ChatRoomChangeReport.Read),
        new(typeof(UploadFileResultReport), UploadFileResultReport.ActionName, UploadFileResultReport.Read, UploadFileCommand.ApiName),
        new(typeof(LogoutResultReport), LogoutResultReport.ActionName, LogoutResultReport.Read, LogoutCommand.ApiName),
        new(typeof(CommandAck), CommandAck.AckKind, CommandAck.Read),
    ];

    /// <summary>Every command kind, in the spec's order, then the ones seen beyond it.</summary>
    public static IReadOnlyList<CommandKind> Commands { get; } =
    [
        new(typeof(OpenWeChatCommand), OpenWeChatCommand.ApiName, OpenWeChatCommand.Read),
        new(typeof(GetLoginQrCodeCommand), GetLoginQrCodeCommand.ApiName, GetLoginQrCodeCommand.Read),
        new(typeof(GetLoginStatusCommand), GetLoginStatusCommand.ApiName, GetLoginStatusCommand.Read),
        new(typeof(LogoutCommand), LogoutCommand.ApiName, LogoutCommand.Read),
        new(typeof(SendTextMessageCommand), SendTextMessageCommand.ApiName, SendTextMessageCommand.Read),
        new(typeof(SendPicMessageCommand), SendPicMessageCommand.ApiName, SendPicMessageCommand.Read),
        new(typeof(SendFileMessageCommand), SendFileMessageCommand.ApiName, SendFileMessageCommand.Read),
        new(typeof(SendXmlMessageCommand), SendXmlMessageCommand.ApiName, SendXmlMessageCommand.Read),
        new(typeof(SendCardMessageCommand), SendCardMessageCommand.ApiName, SendCardMessageCommand.Read),
        new(typeof(SendChatroomCommand), SendChatroomCommand.ApiName, SendChatroomCommand.Read),
        new(typeof(GetContactCommand), GetContactCommand.ApiName, GetContactCommand.Read),
        new(typeof(GetUsersWxidCommand), GetUsersWxidCommand.ApiName, GetUsersWxidCommand.Read),
        new(typeof(GetUsersInfoCommand), GetUsersInfoCommand.ApiName, GetUsersInfoCommand.Read),
        new(typeof(DelUserCommand), DelUserCommand.ApiName, DelUserCommand.Read),
        new(typeof(AcceptFriendCommand), AcceptFriendCommand.ApiName, AcceptFriendCommand.Read),
        new(typeof(UpdateAsNameCommand), UpdateAsNameCommand.ApiName, UpdateAsNameCommand.Read),
        new(typeof(GetChatRoomUsersCommand), GetChatRoomUsersCommand.ApiName, GetChatRoomUsersCommand.Read),
        new(typeof(GetChatRoomUserNickCommand), GetChatRoomUserNickCommand.ApiName, GetChatRoomUserNickCommand.Read),
        new(typeof(DelChatRoomUserCommand), DelChatRoomUserCommand.ApiName, DelChatRoomUserCommand.Read),
        new(typeof(UpdateChatRoomNameCommand), UpdateChatRoomNameCommand.ApiName, UpdateChatRoomNameCommand.Read),
        new(typeof(UpdateRoomAsNameCommand), UpdateRoomAsNameCommand.ApiName, UpdateRoomAsNameCommand.Read),
        new(typeof(CreateChatRoomCommand), CreateChatRoomCommand.ApiName, CreateChatRoomCommand.Read),
        new(typeof(ExitChatRoomCommand), ExitChatRoomCommand.ApiName, ExitChatRoomCommand.Read),
        new(typeof(AcceptChatroomInviteCommand), AcceptChatroomInviteCommand.ApiName, AcceptChatroomInviteCommand.Read),
        new(typeof(AcceptBankTransferCommand), AcceptBankTransferCommand.ApiName, AcceptBankTransferCommand.Read),
        new(typeof(UploadFileCommand), UploadFileCommand.ApiName, UploadFileCommand.Read),
        new(typeof(CloseProcessCommand), CloseProcessCommand.ApiName, CloseProcessCommand.Read),
        new(typeof(AddRoomFriendCommand), AddRoomFriendCommand.ApiName, AddRoomFriendCommand.Read),
    ];

    private static readonly FrozenDictionary<string, ReportKind> ReportsByAction =
        Reports.Where(k => k.ModelType != typeof(CommandAck)).ToFrozenDictionary(k => k.Action, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CommandKind> CommandsByApi = Commands
        .Select(k => KeyValuePair.Create(k.Api, k))
        .Append(KeyValuePair.Create("getContacts", Commands.First(k => k.ModelType == typeof(GetContactCommand))))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The report kind for a wire action; null for the generic ack and for unknown actions.</summary>
    public static ReportKind? FindReport(string action) => ReportsByAction.GetValueOrDefault(action);

    /// <summary>The command kind for a wire api (alternate spellings such as <c>getContacts</c> included).</summary>
    public static CommandKind? FindCommand(string api) => CommandsByApi.GetValueOrDefault(api);

    /// <summary>The report kind whose model is <paramref name="modelType"/>.</summary>
    public static ReportKind? ReportOf(Type modelType) => Reports.FirstOrDefault(k => k.ModelType == modelType);

    /// <summary>The kind of report that answers a query command, if the command is a query.</summary>
    public static string? AnswerKindOf(string api) => Reports.FirstOrDefault(k => k.AnswersCommand == api)?.Action;
}
