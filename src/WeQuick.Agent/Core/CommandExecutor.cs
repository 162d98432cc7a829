using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>
/// Runs one command against the backend capability it needs and acks it with its sendId: the generic
/// <see cref="CommandAck"/>, or the specific report the backend answered with.
/// </summary>
internal sealed class CommandExecutor(WeQuickAgent agent, ILogger log)
{
    public async Task ExecuteAsync(InstanceRunner instance, Command command)
    {
        var context = new CommandContext(instance.Pid, agent.Backend.Process.AccountOf(instance.Pid), command.SendId);
        CommandOutcome outcome;
        try
        {
            outcome = await DispatchAsync(context, command);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.BackendFailed(ex, instance.Pid, command.Kind, command.SendId);
            outcome = CommandOutcome.Fail($"the backend failed: {ex.Message}");
        }

        if (!outcome.Success)
        {
            log.CommandFailed(instance.Pid, command.Kind, command.SendId, outcome.ErrorReason);
        }

        instance.Enqueue(outcome.Answer ?? new CommandAck
        {
            Account = context.Account ?? agent.Backend.Process.AccountOf(instance.Pid),
            SendId = command.SendId ?? string.Empty,
            SendResult = outcome.Success ? "1" : "0",
            ErrorReason = outcome.Success ? string.Empty : outcome.ErrorReason,
        });
        agent.Counters.CommandDone(outcome.Success);
    }

    private ValueTask<CommandOutcome> DispatchAsync(CommandContext c, Command command)
    {
        var b = agent.Backend;
        return command switch
        {
            OpenWeChatCommand x => b.Process.OpenWeChatAsync(c, x),
            CloseProcessCommand x => b.Process.CloseProcessAsync(c, x),
            GetLoginQrCodeCommand x => b.Login?.GetLoginQrCodeAsync(c, x) ?? Missing("login"),
            GetLoginStatusCommand x => b.Login?.GetLoginStatusAsync(c, x) ?? Missing("login"),
            LogoutCommand x => b.Login?.LogoutAsync(c, x) ?? Missing("login"),
            SendTextMessageCommand x => b.Messages?.SendTextAsync(c, x) ?? Missing("messages"),
            SendPicMessageCommand x => b.Messages?.SendPicAsync(c, x) ?? Missing("messages"),
            SendFileMessageCommand x => b.Messages?.SendFileAsync(c, x) ?? Missing("messages"),
            SendXmlMessageCommand x => b.Messages?.SendXmlAsync(c, x) ?? Missing("messages"),
            SendCardMessageCommand x => b.Messages?.SendCardAsync(c, x) ?? Missing("messages"),
            SendChatroomCommand x => b.Messages?.SendChatroomInviteAsync(c, x) ?? Missing("messages"),
            GetContactCommand x => b.Contacts?.GetContactAsync(c, x) ?? Missing("contacts"),
            GetUsersWxidCommand x => b.Contacts?.GetUsersWxidAsync(c, x) ?? Missing("contacts"),
            GetUsersInfoCommand x => b.Contacts?.GetUsersInfoAsync(c, x) ?? Missing("contacts"),
            DelUserCommand x => b.Friends?.DeleteFriendAsync(c, x) ?? Missing("friends"),
            AcceptFriendCommand x => b.Friends?.AcceptFriendAsync(c, x) ?? Missing("friends"),
            UpdateAsNameCommand x => b.Friends?.UpdateRemarkAsync(c, x) ?? Missing("friends"),
            AddRoomFriendCommand x => b.Friends?.AddRoomMemberAsFriendAsync(c, x) ?? Missing("friends"),
            GetChatRoomUsersCommand x => b.Rooms?.GetRoomMembersAsync(c, x) ?? Missing("rooms"),
            GetChatRoomUserNickCommand x => b.Rooms?.GetRoomNickAsync(c, x) ?? Missing("rooms"),
            DelChatRoomUserCommand x => b.Rooms?.RemoveMemberAsync(c, x) ?? Missing("rooms"),
            UpdateChatRoomNameCommand x => b.Rooms?.RenameRoomAsync(c, x) ?? Missing("rooms"),
            UpdateRoomAsNameCommand x => b.Rooms?.SetOwnRoomNickAsync(c, x) ?? Missing("rooms"),
            CreateChatRoomCommand x => b.Rooms?.CreateRoomAsync(c, x) ?? Missing("rooms"),
            ExitChatRoomCommand x => b.Rooms?.LeaveRoomAsync(c, x) ?? Missing("rooms"),
            AcceptChatroomInviteCommand x => b.Rooms?.AcceptRoomInviteAsync(c, x) ?? Missing("rooms"),
            AcceptBankTransferCommand x => b.Transfers?.AcceptTransferAsync(c, x) ?? Missing("transfers"),
            UploadFileCommand x => UploadAsync(c, x),
            UnknownCommand x => Unknown(c, x),
            _ => CommandOutcome.Done(CommandOutcome.Fail($"the agent does not run '{command.Kind}'")),
        };
    }

    private static ValueTask<CommandOutcome> Missing(string capability) =>
        CommandOutcome.Done(CommandOutcome.Fail($"this WeChat backend has no {capability} capability"));

    private ValueTask<CommandOutcome> Unknown(CommandContext c, UnknownCommand command)
    {
        log.UnknownApi(c.Pid, command.Api, command.SendId);
        return CommandOutcome.Done(CommandOutcome.Fail($"unknown api '{command.Api}'"));
    }

    /// <summary>
    /// <c>uploadFile</c>: reads the client-local file through the backend and POSTs it (multipart, field
    /// <c>file</c>) to <c>upUrl</c>; the server's numeric reply becomes <c>sendResult</c> of <c>resUploadFile</c>.
    /// </summary>
    private async ValueTask<CommandOutcome> UploadAsync(CommandContext c, UploadFileCommand command)
    {
        UploadFileResultReport Result(string sendResult, string? error) =>
            new() { Account = c.Account, SendId = c.SendId ?? string.Empty, SendResult = sendResult, ErrorReason = error ?? string.Empty };

        CommandOutcome Failed(string reason) => CommandOutcome.AnsweredBy(Result("0", reason), success: false, reason);

        if (agent.Backend.Files is not { } files)
        {
            return Failed("this WeChat backend has no files capability");
        }

        if (string.IsNullOrEmpty(command.FileUrl))
        {
            return Failed("fileUrl is empty");
        }

        if (!Uri.TryCreate(command.UpUrl, UriKind.Absolute, out var upUrl) || upUrl.Scheme is not ("http" or "https"))
        {
            return Failed($"upUrl '{command.UpUrl}' is not an http(s) URL");
        }

        using var timeout = new CancellationTokenSource(agent.Options.RequestTimeout, agent.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(agent.Stopping, timeout.Token);
        var file = await files.ReadFileAsync(c, command.FileUrl, linked.Token);
        if (file.Content is null)
        {
            return Failed(file.Error ?? $"cannot read {command.FileUrl}");
        }

        try
        {
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", file.FileName);
            using var response = await agent.Http.PostAsync(upUrl, form, linked.Token);
            var text = (await response.Content.ReadAsStringAsync(linked.Token)).Trim();
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"the upload server answered HTTP {(int)response.StatusCode}");
            }

            if (!long.TryParse(text.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                var shown = text.Length > 40 ? text[..40] + "…" : text;
                return Failed($"the upload server's reply is not a number: '{shown}'");
            }

            var value = code.ToString(CultureInfo.InvariantCulture);
            return CommandOutcome.AnsweredBy(Result(value, null));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed($"the upload server did not answer within {agent.Options.RequestTimeout.TotalSeconds:0.##} s");
        }
        catch (HttpRequestException ex)
        {
            return Failed($"the upload failed: {ex.Message}");
        }
    }
}
