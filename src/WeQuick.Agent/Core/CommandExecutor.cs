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
            GetLoginUserCommand x => b.LoginV2?.GetLoginUserAsync(c, x) ?? Missing("second-generation login"),
            GetContactsCommand x => b.ContactsV2?.GetContactsAsync(c, x) ?? Missing("second-generation contacts"),
            GetImContactsCommand x => b.ContactsV2?.GetImContactsAsync(c, x) ?? Missing("second-generation contacts"),
            GetPublicsCommand x => b.ContactsV2?.GetPublicsAsync(c, x) ?? Missing("second-generation contacts"),
            GetSingleContactCommand x => b.ContactsV2?.GetSingleContactAsync(c, x) ?? Missing("second-generation contacts"),
            UpdateContactCommand x => b.ContactsV2?.UpdateContactAsync(c, x) ?? Missing("second-generation contacts"),
            AddFriendCommand x => b.ContactsV2?.AddFriendAsync(c, x) ?? Missing("second-generation contacts"),
            DelFriendCommand x => b.ContactsV2?.DeleteFriendAsync(c, x) ?? Missing("second-generation contacts"),
            UpdateRemarkCommand x => b.ContactsV2?.UpdateRemarkAsync(c, x) ?? Missing("second-generation contacts"),
            AcceptOnewayFriendCommand x => b.ContactsV2?.AcceptOnewayFriendAsync(c, x) ?? Missing("second-generation contacts"),
            SearchContactCommand x => b.ContactsV2?.SearchContactAsync(c, x) ?? Missing("second-generation contacts"),
            AddSearchContactCommand x => b.ContactsV2?.AddSearchContactAsync(c, x) ?? Missing("second-generation contacts"),
            AddPublicCommand x => b.ContactsV2?.AddPublicAsync(c, x) ?? Missing("second-generation contacts"),
            ZombieCheckCommand x => b.ContactsV2?.ZombieCheckAsync(c, x) ?? Missing("second-generation contacts"),
            GetChatRoomsCommand x => b.RoomsV2?.GetChatRoomsAsync(c, x) ?? Missing("second-generation rooms"),
            GetImRoomsCommand x => b.RoomsV2?.GetImRoomsAsync(c, x) ?? Missing("second-generation rooms"),
            GetSingleChatRoomMembersCommand x => b.RoomsV2?.GetRoomMembersAsync(c, x) ?? Missing("second-generation rooms"),
            GetSingleImRoomMembersCommand x => b.RoomsV2?.GetImRoomMembersAsync(c, x) ?? Missing("second-generation rooms"),
            UpdateChatRoomCommand x => b.RoomsV2?.UpdateChatRoomAsync(c, x) ?? Missing("second-generation rooms"),
            SendChatroomLowCommand x => b.RoomsV2?.InviteDirectlyAsync(c, x) ?? Missing("second-generation rooms"),
            SendChatroomHighCommand x => b.RoomsV2?.InviteByLinkAsync(c, x) ?? Missing("second-generation rooms"),
            DelChatRoomMembersCommand x => b.RoomsV2?.RemoveMembersAsync(c, x) ?? Missing("second-generation rooms"),
            SendChatRoomNoticeCommand x => b.RoomsV2?.SendNoticeAsync(c, x) ?? Missing("second-generation rooms"),
            UpdateChatRoomDisplayNameCommand x => b.RoomsV2?.SetOwnRoomNickAsync(c, x) ?? Missing("second-generation rooms"),
            ShowDisplayNameCommand x => b.RoomsV2?.ShowDisplayNamesAsync(c, x) ?? Missing("second-generation rooms"),
            QuitDelChatRoomCommand x => b.RoomsV2?.QuitRoomAsync(c, x) ?? Missing("second-generation rooms"),
            AutoAcceptChatRoomCommand x => b.RoomsV2?.AutoAcceptRoomsAsync(c, x) ?? Missing("second-generation rooms"),
            AcceptQrcodeChatRoomCommand x => b.RoomsV2?.JoinByQrCodeAsync(c, x) ?? Missing("second-generation rooms"),
            SaveRoomToContactCommand x => b.RoomsV2?.SaveRoomToContactsAsync(c, x) ?? Missing("second-generation rooms"),
            SendAtTextMessageCommand x => b.MessagesV2?.SendAtTextAsync(c, x) ?? Missing("second-generation messages"),
            SendVideoMessageCommand x => b.MessagesV2?.SendVideoAsync(c, x) ?? Missing("second-generation messages"),
            SendGifMessageCommand x => b.MessagesV2?.SendGifAsync(c, x) ?? Missing("second-generation messages"),
            SendLinkMessageCommand x => b.MessagesV2?.SendLinkAsync(c, x) ?? Missing("second-generation messages"),
            SendMiniMessageCommand x => b.MessagesV2?.SendMiniAsync(c, x) ?? Missing("second-generation messages"),
            SendFavoriteCommand x => b.MessagesV2?.SendFavoriteAsync(c, x) ?? Missing("second-generation messages"),
            SendCardXmlMessageCommand x => b.MessagesV2?.SendCardXmlAsync(c, x) ?? Missing("second-generation messages"),
            TransAnyMessageCommand x => b.MessagesV2?.ForwardAsync(c, x) ?? Missing("second-generation messages"),
            GetFavoritesCommand x => b.MessagesV2?.GetFavoritesAsync(c, x) ?? Missing("second-generation messages"),
            AddFavoriteFromCommand x => b.MessagesV2?.AddFavoriteAsync(c, x) ?? Missing("second-generation messages"),
            TransVoiceCommand x => b.MessagesV2?.TranscribeVoiceAsync(c, x) ?? Missing("second-generation messages"),
            DecryptPicCommand x => b.MessagesV2?.DecryptPicAsync(c, x) ?? Missing("second-generation messages"),
            ScanQrcodePicCommand x => b.MessagesV2?.ScanQrCodeAsync(c, x) ?? Missing("second-generation messages"),
            CheckUrlStatusCommand x => b.MessagesV2?.CheckUrlAsync(c, x) ?? Missing("second-generation messages"),
            UnreadMsgCountChangeCommand x => b.MessagesV2?.MarkReadAsync(c, x) ?? Missing("second-generation messages"),
            ModRecvNotifyCommand x => b.MessagesV2?.MuteAsync(c, x) ?? Missing("second-generation messages"),
            ChatSessionTopCommand x => b.MessagesV2?.PinAsync(c, x) ?? Missing("second-generation messages"),
            AutoAcceptFriendCommand x => b.ClientV2?.AutoAcceptFriendsAsync(c, x) ?? Missing("second-generation client"),
            AutoAcceptWcpayCommand x => b.ClientV2?.AutoAcceptTransfersAsync(c, x) ?? Missing("second-generation client"),
            AutoAcceptCardCommand x => b.ClientV2?.AutoAcceptCardsAsync(c, x) ?? Missing("second-generation client"),
            RefuseFriendWcpayCommand x => b.ClientV2?.RefuseTransferAsync(c, x) ?? Missing("second-generation client"),
            ClearChatHistoryCommand x => b.ClientV2?.ClearChatHistoryAsync(c, x) ?? Missing("second-generation client"),
            OpenBrowserCommand x => b.ClientV2?.OpenBrowserAsync(c, x) ?? Missing("second-generation client"),
            DisableRevokeCommand x => b.ClientV2?.DisableRevokeAsync(c, x) ?? Missing("second-generation client"),
            GetSqlDataCommand x => b.ClientV2?.GetSqlDataAsync(c, x) ?? Missing("second-generation client"),
            DownloadFileCommand x => b.ClientV2?.DownloadFileAsync(c, x) ?? Missing("second-generation client"),
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
