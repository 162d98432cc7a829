using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>Who a command is for: the instance it arrived on, the account logged in there (if any), and its sendId.</summary>
/// <param name="Pid">The WeChat process (instance) the command arrived for.</param>
/// <param name="Account">The account logged in on that instance when the command started (<see cref="IProcessBackend.AccountOf"/>); null before login.</param>
/// <param name="SendId">The command's <c>sendId</c>; a report that answers the command (<see cref="CommandOutcome.Answer"/>) carries it.</param>
public readonly record struct CommandContext(int Pid, string? Account, string? SendId);

/// <summary>
/// What a backend made of a command; the core turns it into the command's ack. Without <see cref="Answer"/> the
/// core sends the generic ack with the command's sendId: <c>sendResult</c> <c>"1"</c>, or <c>"0"</c> with
/// <see cref="ErrorReason"/>. With <see cref="Answer"/>, that report is the ack instead (<c>reportLoginQrCode</c>,
/// <c>resLogout</c>, <c>resUploadFile</c>) and no generic ack is sent. Reports the backend posted to the
/// <see cref="IAgentSink"/> while running the command go out before the ack, so a query posts its data and
/// then returns <see cref="Ok"/>.
/// </summary>
/// <param name="Success">Whether the command did what it asked.</param>
/// <param name="ErrorReason">Why it failed, in words a person can act on (it becomes the ack's <c>errorReason</c>).</param>
/// <param name="Answer">The report that acks the command in place of the generic ack, or null.</param>
public sealed record CommandOutcome(bool Success, string? ErrorReason, Report? Answer = null)
{
    /// <summary>Success, acked with <c>sendResult</c> <c>"1"</c>.</summary>
    public static CommandOutcome Ok { get; } = new(true, null);

    /// <summary>Failure, acked with <c>sendResult</c> <c>"0"</c> and <paramref name="reason"/> as <c>errorReason</c>.</summary>
    /// <param name="reason">Why the command failed.</param>
    public static CommandOutcome Fail(string reason) => new(false, reason);

    /// <summary>A command acked by its own report (which carries the command's sendId) instead of the generic ack.</summary>
    /// <param name="answer">The report to send as the ack.</param>
    /// <param name="success">Whether the command succeeded (counted and logged by the core).</param>
    /// <param name="reason">Why it failed, when it did.</param>
    public static CommandOutcome AnsweredBy(Report answer, bool success = true, string? reason = null) => new(success, reason, answer);

    /// <summary>An outcome known at once, as the <see cref="ValueTask{TResult}"/> the capability methods return.</summary>
    /// <param name="outcome">The outcome.</param>
    public static ValueTask<CommandOutcome> Done(CommandOutcome outcome) => ValueTask.FromResult(outcome);
}

/// <summary>
/// Where a backend sends what happens in WeChat: instances coming and going, and reports. The agent is the
/// sink; it hands itself to <see cref="IProcessBackend.Attach"/>. Every method is thread-safe and returns at
/// once (reports are queued per instance and sent in order).
/// </summary>
public interface IAgentSink
{
    /// <summary>A WeChat process started (or was already running at attach): the core starts polling for it. Call it before posting for that pid.</summary>
    /// <param name="pid">The process id; it identifies the instance on the wire.</param>
    void InstanceStarted(int pid);

    /// <summary>Queues a report for the event URL on behalf of one instance. A report for an instance that is not running is discarded with a warning.</summary>
    /// <param name="pid">The instance the report comes from.</param>
    /// <param name="report">The report; its <see cref="Report.Account"/> is the envelope's <c>cwxid</c>.</param>
    void Post(int pid, Report report);

    /// <summary>A WeChat process ended: the core sends what is queued for it and stops polling.</summary>
    /// <param name="pid">The process id.</param>
    void InstanceClosed(int pid);
}

/// <summary>
/// A way to reach WeChat, split by capability. <see cref="Process"/> is required; any other capability may be
/// null, and the core then acks that capability's commands with <c>sendResult</c> <c>"0"</c> and
/// <c>this WeChat backend has no … capability</c>, so a bridge can start with a few of them. The commands of
/// one instance run one at a time in arrival order; those of different instances may run at the same time.
/// An exception thrown by a capability method becomes a failure ack (<c>the backend failed: …</c>) and an
/// error log line. A host that created the backend disposes it (<see cref="IAsyncDisposable"/> or
/// <see cref="IDisposable"/>) after the agent stopped.
/// </summary>
public interface IWeChatBackend
{
    /// <summary>WeChat processes and the account on each: <c>openWeChat</c>, <c>closeProcess</c>.</summary>
    IProcessBackend Process { get; }

    /// <summary><c>getLoginQrCode</c>, <c>getLoginStatus</c>, <c>logout</c>; null if unsupported.</summary>
    ILoginBackend? Login { get; }

    /// <summary><c>sendTextMessage</c>, <c>sendPicMessage</c>, <c>sendFileMessage</c>, <c>sendXmlMessage</c>, <c>sendCardMessage</c>, <c>sendChatroom</c>; null if unsupported.</summary>
    IMessageBackend? Messages { get; }

    /// <summary><c>getContact</c>, <c>getUsersWxid</c>, <c>getUsersInfo</c>; null if unsupported.</summary>
    IContactBackend? Contacts { get; }

    /// <summary>The room commands (<c>getChatRoomUsers</c>, <c>createChatRoom</c> …); null if unsupported.</summary>
    IRoomBackend? Rooms { get; }

    /// <summary><c>delUser</c>, <c>acceptFriend</c>, <c>updateAsName</c>, <c>addRoomFriend</c>; null if unsupported.</summary>
    IFriendBackend? Friends { get; }

    /// <summary><c>acceptBankTransfer</c>; null if unsupported.</summary>
    ITransferBackend? Transfers { get; }

    /// <summary>Reading client-local files for <c>uploadFile</c>; null if unsupported.</summary>
    IFileBackend? Files { get; }

    // The second generation's own commands: default members, so a backend written before them still compiles and
    // answers them "this WeChat backend has no … capability"; implementing the interface (or overriding the member) offers one.

    /// <summary>The second generation's login query (<c>getLoginUser</c> …); by default the backend itself when it implements <see cref="ILoginBackendV2"/>, else null (unsupported).</summary>
    ILoginBackendV2? LoginV2 => this as ILoginBackendV2;

    /// <summary>The second generation's contact lists and friend commands (<c>getContacts</c>, <c>getImContacts</c>, <c>getPublics</c>, <c>getSingleContact</c> …); by default the backend itself when it implements <see cref="IContactBackendV2"/>, else null (unsupported).</summary>
    IContactBackendV2? ContactsV2 => this as IContactBackendV2;

    /// <summary>The second generation's room commands (<c>getChatRooms</c>, <c>getImRooms</c>, <c>getSingleChatRoomMembers</c>, <c>getSingleImRoomMembers</c> …); by default the backend itself when it implements <see cref="IRoomBackendV2"/>, else null (unsupported).</summary>
    IRoomBackendV2? RoomsV2 => this as IRoomBackendV2;

    /// <summary>The second generation's messages and what can be done with a received one (<c>sendAtTextMessage</c>, <c>sendVideoMessage</c>, <c>sendGifMessage</c>, <c>sendLinkMessage</c> …); by default the backend itself when it implements <see cref="IMessageBackendV2"/>, else null (unsupported).</summary>
    IMessageBackendV2? MessagesV2 => this as IMessageBackendV2;

    /// <summary>The second generation's switches and administrative commands on the client machine (<c>autoAcceptFriend</c>, <c>autoAcceptWcpay</c>, <c>autoAcceptCard</c>, <c>refuseFriendWcpay</c> …); by default the backend itself when it implements <see cref="IClientBackendV2"/>, else null (unsupported).</summary>
    IClientBackendV2? ClientV2 => this as IClientBackendV2;
}

/// <summary>WeChat processes: which exist, which account each has, starting and closing them.</summary>
public interface IProcessBackend
{
    /// <summary>
    /// Connects the backend to the core, once, when the agent starts: call <see cref="IAgentSink.InstanceStarted"/>
    /// for every WeChat process already running, and for each one already logged in post <c>loginStatus</c>
    /// (code 1) and <c>reportLoginUser</c>, as a client attached to a logged-in WeChat does. Keep the sink for
    /// everything that happens later.
    /// </summary>
    /// <param name="sink">The agent.</param>
    void Attach(IAgentSink sink);

    /// <summary>The account logged in on an instance, or null before login. Called before every poll and command: keep it cheap and thread-safe.</summary>
    /// <param name="pid">The instance.</param>
    string? AccountOf(int pid);

    /// <summary><c>openWeChat</c>: starts another WeChat process and reports it with <see cref="IAgentSink.InstanceStarted"/>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> OpenWeChatAsync(CommandContext context, OpenWeChatCommand command);

    /// <summary><c>closeProcess</c>: ends a WeChat process and reports it with <see cref="IAgentSink.InstanceClosed"/> (the ack is still sent).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> CloseProcessAsync(CommandContext context, CloseProcessCommand command);
}

/// <summary>Logging in and out.</summary>
public interface ILoginBackend
{
    /// <summary><c>getLoginQrCode</c>: answered by <c>reportLoginQrCode</c> with the command's sendId (<see cref="CommandOutcome.AnsweredBy"/>); after the scan, post <c>loginStatus</c> and <c>reportLoginUser</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetLoginQrCodeAsync(CommandContext context, GetLoginQrCodeCommand command);

    /// <summary><c>getLoginStatus</c>: post <c>loginStatus</c>, then succeed.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetLoginStatusAsync(CommandContext context, GetLoginStatusCommand command);

    /// <summary><c>logout</c>: answered by <c>resLogout</c> with the command's sendId.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> LogoutAsync(CommandContext context, LogoutCommand command);
}

/// <summary>Sending messages of every kind. WeChat shows the account its own message: post it (<c>myMsg</c> 1) as the real client does.</summary>
public interface IMessageBackend
{
    /// <summary><c>sendTextMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendTextAsync(CommandContext context, SendTextMessageCommand command);

    /// <summary><c>sendPicMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendPicAsync(CommandContext context, SendPicMessageCommand command);

    /// <summary><c>sendFileMessage</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendFileAsync(CommandContext context, SendFileMessageCommand command);

    /// <summary><c>sendXmlMessage</c> (a link card).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendXmlAsync(CommandContext context, SendXmlMessageCommand command);

    /// <summary><c>sendCardMessage</c> (a contact card).</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendCardAsync(CommandContext context, SendCardMessageCommand command);

    /// <summary><c>sendChatroom</c>: invites someone to a room.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SendChatroomInviteAsync(CommandContext context, SendChatroomCommand command);
}

/// <summary>Contact queries: post the data report, then succeed.</summary>
public interface IContactBackend
{
    /// <summary><c>getContact</c>: <c>reportContact</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetContactAsync(CommandContext context, GetContactCommand command);

    /// <summary><c>getUsersWxid</c>: <c>reportUsersWxid</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetUsersWxidAsync(CommandContext context, GetUsersWxidCommand command);

    /// <summary><c>getUsersInfo</c>: <c>reportUsersInfo</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetUsersInfoAsync(CommandContext context, GetUsersInfoCommand command);
}

/// <summary>Friends: deleting, accepting, remarks, adding a room member.</summary>
public interface IFriendBackend
{
    /// <summary><c>delUser</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> DeleteFriendAsync(CommandContext context, DelUserCommand command);

    /// <summary><c>acceptFriend</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AcceptFriendAsync(CommandContext context, AcceptFriendCommand command);

    /// <summary><c>updateAsName</c>: sets a contact's remark.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> UpdateRemarkAsync(CommandContext context, UpdateAsNameCommand command);

    /// <summary><c>addRoomFriend</c>: sends a friend request to a room member.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AddRoomMemberAsFriendAsync(CommandContext context, AddRoomFriendCommand command);
}

/// <summary>Rooms (群).</summary>
public interface IRoomBackend
{
    /// <summary><c>getChatRoomUsers</c>: <c>reportChatRoomUserLists</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetRoomMembersAsync(CommandContext context, GetChatRoomUsersCommand command);

    /// <summary><c>getChatRoomUserNick</c>: <c>reportGetChatRoomUserNick</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> GetRoomNickAsync(CommandContext context, GetChatRoomUserNickCommand command);

    /// <summary><c>delChatRoomUser</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> RemoveMemberAsync(CommandContext context, DelChatRoomUserCommand command);

    /// <summary><c>updateChatRoomName</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> RenameRoomAsync(CommandContext context, UpdateChatRoomNameCommand command);

    /// <summary><c>updateRoomAsName</c>: sets the account's own nickname in a room.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> SetOwnRoomNickAsync(CommandContext context, UpdateRoomAsNameCommand command);

    /// <summary><c>createChatRoom</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> CreateRoomAsync(CommandContext context, CreateChatRoomCommand command);

    /// <summary><c>exitChatRoom</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> LeaveRoomAsync(CommandContext context, ExitChatRoomCommand command);

    /// <summary><c>acceptChatroomInvite</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AcceptRoomInviteAsync(CommandContext context, AcceptChatroomInviteCommand command);
}

/// <summary>Money transfers.</summary>
public interface ITransferBackend
{
    /// <summary><c>acceptBankTransfer</c>.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="command">The command.</param>
    ValueTask<CommandOutcome> AcceptTransferAsync(CommandContext context, AcceptBankTransferCommand command);
}

/// <summary>Files on the client machine. For <c>uploadFile</c> the core reads the file here and does the upload itself.</summary>
public interface IFileBackend
{
    /// <summary>Reads a client-local file for <c>uploadFile</c>; a missing file is a <see cref="LocalFile"/> with an error, not an exception.</summary>
    /// <param name="context">Who the command is for.</param>
    /// <param name="path">The path on the client machine (the command's <c>fileUrl</c>).</param>
    /// <param name="cancellationToken">Cancelled when the upload's time is up or the agent stops.</param>
    ValueTask<LocalFile> ReadFileAsync(CommandContext context, string path, CancellationToken cancellationToken);
}

/// <summary>A file read from the client machine, or why it could not be.</summary>
/// <param name="Path">The path that was asked for.</param>
/// <param name="FileName">The name to upload it under.</param>
/// <param name="Content">The bytes; null when the file could not be read.</param>
/// <param name="Error">Why it could not be read (the <c>errorReason</c> of <c>resUploadFile</c>); null when it was.</param>
public sealed record LocalFile(string Path, string FileName, byte[]? Content, string? Error);
