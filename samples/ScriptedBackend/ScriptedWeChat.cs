using WeQuick.Agent;
using WeQuick.Protocol;

namespace WeQuick.Samples.ScriptedBackend;

/// <summary>
/// One WeChat process whose account is logged in from the start. It has three capabilities of the eight: processes
/// (required), login and messages, and of the messages it sends only text. For every capability left null (contacts,
/// rooms …) the agent acks the command with <c>this WeChat backend has no … capability</c>; a command it cannot run
/// is a <see cref="CommandOutcome.Fail"/> with a reason, acked with <c>sendResult</c> <c>"0"</c>.
/// </summary>
internal sealed class ScriptedWeChat : IWeChatBackend, IProcessBackend, ILoginBackend, IMessageBackend
{
    public const int Pid = 4242;
    public const string Account = "wxid_scripted";

    private static readonly CommandOutcome TextOnly = CommandOutcome.Fail("the scripted backend sends text only");

    private IAgentSink? _sink;

    public IProcessBackend Process => this;

    public ILoginBackend? Login => this;

    public IMessageBackend? Messages => this;

    public IContactBackend? Contacts => null;

    public IRoomBackend? Rooms => null;

    public IFriendBackend? Friends => null;

    public ITransferBackend? Transfers => null;

    public IFileBackend? Files => null;

    private IAgentSink Sink => _sink ?? throw new InvalidOperationException("the agent has not attached this backend yet");

    public void Attach(IAgentSink sink)
    {
        _sink = sink;

        // The process runs and its account is logged in: the agent polls for it, and it reports the login on its own.
        sink.InstanceStarted(Pid);
        sink.Post(Pid, new LoginStatusReport { Account = Account, Code = 1 });
        sink.Post(Pid, new LoginUserReport { Account = Account, Wxid = Account, Nick = "Scripted", HeadPic = string.Empty });
    }

    public string? AccountOf(int pid) => pid == Pid ? Account : null;

    public ValueTask<CommandOutcome> OpenWeChatAsync(CommandContext context, OpenWeChatCommand command) =>
        CommandOutcome.Done(CommandOutcome.Fail("the scripted backend has one WeChat process"));

    public ValueTask<CommandOutcome> CloseProcessAsync(CommandContext context, CloseProcessCommand command) =>
        CommandOutcome.Done(CommandOutcome.Fail("the scripted backend keeps its WeChat process"));

    public ValueTask<CommandOutcome> GetLoginQrCodeAsync(CommandContext context, GetLoginQrCodeCommand command) =>
        CommandOutcome.Done(CommandOutcome.Fail($"already logged in as {Account}"));

    public ValueTask<CommandOutcome> GetLoginStatusAsync(CommandContext context, GetLoginStatusCommand command)
    {
        // A query: post the answer, then succeed; the agent sends the ack after it.
        Sink.Post(context.Pid, new LoginStatusReport { Account = context.Account, Code = context.Account is null ? 0 : 1 });
        return CommandOutcome.Done(CommandOutcome.Ok);
    }

    public ValueTask<CommandOutcome> LogoutAsync(CommandContext context, LogoutCommand command) =>
        CommandOutcome.Done(CommandOutcome.Fail("the scripted account stays logged in"));

    public ValueTask<CommandOutcome> SendTextAsync(CommandContext context, SendTextMessageCommand command)
    {
        if (string.IsNullOrEmpty(command.Wxid) || string.IsNullOrEmpty(command.Text))
        {
            return CommandOutcome.Done(CommandOutcome.Fail("wxid and text are both needed"));
        }

        // WeChat shows the account its own message (myMsg 1), and so does every client.
        Sink.Post(context.Pid, new TextMessageReport { Account = context.Account, MyMsg = true, WxidFrom = context.Account, WxidTo = command.Wxid, Message = command.Text });
        return CommandOutcome.Done(CommandOutcome.Ok);
    }

    public ValueTask<CommandOutcome> SendPicAsync(CommandContext context, SendPicMessageCommand command) => CommandOutcome.Done(TextOnly);

    public ValueTask<CommandOutcome> SendFileAsync(CommandContext context, SendFileMessageCommand command) => CommandOutcome.Done(TextOnly);

    public ValueTask<CommandOutcome> SendXmlAsync(CommandContext context, SendXmlMessageCommand command) => CommandOutcome.Done(TextOnly);

    public ValueTask<CommandOutcome> SendCardAsync(CommandContext context, SendCardMessageCommand command) => CommandOutcome.Done(TextOnly);

    public ValueTask<CommandOutcome> SendChatroomInviteAsync(CommandContext context, SendChatroomCommand command) => CommandOutcome.Done(TextOnly);
}
