using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>Who runs a command: the instance it arrived on, the account logged in there (if any), its sendId.</summary>
internal readonly record struct CommandContext(int Pid, string? Account, string? SendId);

/// <summary>
/// What a backend made of a command: success, or failure with a reason a person can act on. When
/// <see cref="Answer"/> is set, that report is the command's ack (<c>reportLoginQrCode</c>, <c>resLogout</c>,
/// <c>resUploadFile</c>) and the core sends no generic ack.
/// </summary>
internal sealed record CommandOutcome(bool Success, string? ErrorReason, Report? Answer = null)
{
    public static CommandOutcome Ok { get; } = new(true, null);

    public static CommandOutcome Fail(string reason) => new(false, reason);

    public static CommandOutcome AnsweredBy(Report answer, bool success = true, string? reason = null) => new(success, reason, answer);

    public static ValueTask<CommandOutcome> Done(CommandOutcome outcome) => ValueTask.FromResult(outcome);
}

/// <summary>Where a backend sends what happens in WeChat: instances coming and going, and reports.</summary>
internal interface IAgentSink
{
    /// <summary>A WeChat process started; the core starts polling for it.</summary>
    void InstanceStarted(int pid);

    /// <summary>Queue a report for the event URL, on behalf of one instance.</summary>
    void Post(int pid, Report report);

    /// <summary>A WeChat process ended; the core sends what is queued for it and stops polling.</summary>
    void InstanceClosed(int pid);
}

/// <summary>
/// A way to reach WeChat, split by capability. The core asks for each capability and answers a command
/// whose capability is missing (null) with a failure ack, so a bridge can start with a few of them.
/// </summary>
internal interface IWeChatBackend
{
    IProcessBackend Process { get; }

    ILoginBackend? Login { get; }

    IMessageBackend? Messages { get; }

    IContactBackend? Contacts { get; }

    IRoomBackend? Rooms { get; }

    IFriendBackend? Friends { get; }

    ITransferBackend? Transfers { get; }

    IFileBackend? Files { get; }
}

/// <summary>WeChat processes: which exist, which account each has, starting and closing them.</summary>
internal interface IProcessBackend
{
    /// <summary>Connects the backend to the core; the backend reports the instances that already run (and their logins).</summary>
    void Attach(IAgentSink sink);

    /// <summary>The account logged in on an instance, or null before login.</summary>
    string? AccountOf(int pid);

    ValueTask<CommandOutcome> OpenWeChatAsync(CommandContext context, OpenWeChatCommand command);

    ValueTask<CommandOutcome> CloseProcessAsync(CommandContext context, CloseProcessCommand command);
}

/// <summary>Logging in and out.</summary>
internal interface ILoginBackend
{
    ValueTask<CommandOutcome> GetLoginQrCodeAsync(CommandContext context, GetLoginQrCodeCommand command);

    ValueTask<CommandOutcome> GetLoginStatusAsync(CommandContext context, GetLoginStatusCommand command);

    ValueTask<CommandOutcome> LogoutAsync(CommandContext context, LogoutCommand command);
}

/// <summary>Sending messages of every kind.</summary>
internal interface IMessageBackend
{
    ValueTask<CommandOutcome> SendTextAsync(CommandContext context, SendTextMessageCommand command);

    ValueTask<CommandOutcome> SendPicAsync(CommandContext context, SendPicMessageCommand command);

    ValueTask<CommandOutcome> SendFileAsync(CommandContext context, SendFileMessageCommand command);

    ValueTask<CommandOutcome> SendXmlAsync(CommandContext context, SendXmlMessageCommand command);

    ValueTask<CommandOutcome> SendCardAsync(CommandContext context, SendCardMessageCommand command);

    ValueTask<CommandOutcome> SendChatroomInviteAsync(CommandContext context, SendChatroomCommand command);
}

/// <summary>Contact queries.</summary>
internal interface IContactBackend
{
    ValueTask<CommandOutcome> GetContactAsync(CommandContext context, GetContactCommand command);

    ValueTask<CommandOutcome> GetUsersWxidAsync(CommandContext context, GetUsersWxidCommand command);

    ValueTask<CommandOutcome> GetUsersInfoAsync(CommandContext context, GetUsersInfoCommand command);
}

/// <summary>Friends: deleting, accepting, remarks, adding a room member.</summary>
internal interface IFriendBackend
{
    ValueTask<CommandOutcome> DeleteFriendAsync(CommandContext context, DelUserCommand command);

    ValueTask<CommandOutcome> AcceptFriendAsync(CommandContext context, AcceptFriendCommand command);

    ValueTask<CommandOutcome> UpdateRemarkAsync(CommandContext context, UpdateAsNameCommand command);

    ValueTask<CommandOutcome> AddRoomMemberAsFriendAsync(CommandContext context, AddRoomFriendCommand command);
}

/// <summary>Rooms (群).</summary>
internal interface IRoomBackend
{
    ValueTask<CommandOutcome> GetRoomMembersAsync(CommandContext context, GetChatRoomUsersCommand command);

    ValueTask<CommandOutcome> GetRoomNickAsync(CommandContext context, GetChatRoomUserNickCommand command);

    ValueTask<CommandOutcome> RemoveMemberAsync(CommandContext context, DelChatRoomUserCommand command);

    ValueTask<CommandOutcome> RenameRoomAsync(CommandContext context, UpdateChatRoomNameCommand command);

    ValueTask<CommandOutcome> SetOwnRoomNickAsync(CommandContext context, UpdateRoomAsNameCommand command);

    ValueTask<CommandOutcome> CreateRoomAsync(CommandContext context, CreateChatRoomCommand command);

    ValueTask<CommandOutcome> LeaveRoomAsync(CommandContext context, ExitChatRoomCommand command);

    ValueTask<CommandOutcome> AcceptRoomInviteAsync(CommandContext context, AcceptChatroomInviteCommand command);
}

/// <summary>Money transfers.</summary>
internal interface ITransferBackend
{
    ValueTask<CommandOutcome> AcceptTransferAsync(CommandContext context, AcceptBankTransferCommand command);
}

/// <summary>Files on the client machine; the core does the upload itself.</summary>
internal interface IFileBackend
{
    /// <summary>Reads a client-local file for <c>uploadFile</c>.</summary>
    ValueTask<LocalFile> ReadFileAsync(CommandContext context, string path, CancellationToken cancellationToken);
}

/// <summary>A file read from the client machine, or why it could not be.</summary>
internal sealed record LocalFile(string Path, string FileName, byte[]? Content, string? Error);
