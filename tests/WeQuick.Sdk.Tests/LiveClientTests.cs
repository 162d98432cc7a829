using System.Net;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>Every client method against a live gateway and simulated world.</summary>
[Collection(LiveGatewayGroup.Name)]
public sealed class LiveClientTests(LiveGateway live)
{
    private static readonly CommandOptions Wait = CommandOptions.WaitFor(TimeSpan.FromSeconds(20));

    private WeQuickClient Client => live.Client;

    private string Account => live.Host.Account;

    private string Friend => live.Host.Friend;

    [Fact]
    public async Task Accounts_and_instances_are_listed_with_their_login_state()
    {
        var accounts = await Client.ListAccountsAsync();
        var account = await Client.GetAccountAsync(Account);
        var instances = await Client.ListInstancesAsync();

        Assert.Equal(live.Host.Accounts.Order(StringComparer.Ordinal), accounts.Select(a => a.Wxid).Where(live.Host.Accounts.Contains).Order(StringComparer.Ordinal));
        Assert.True(account.LoggedIn);
        Assert.Equal("loggedIn", account.LoginState);
        Assert.False(string.IsNullOrEmpty(account.Profile?.Nick));
        Assert.NotNull(account.Counts);
        var mine = Assert.Single(instances, i => i.Account == Account);
        Assert.True(mine.Online);
        Assert.True(mine.Pid > 0);
        Assert.NotNull(account.Interface);
        Assert.Equal(account.Interface, mine.Interface);

        var status = await Client.GetLoginStatusAsync(Account, Wait);
        Assert.Equal(CommandState.Completed, status.State);
        Assert.Equal(1, status.AnswerAs<LoginStatusReport>()?.Code);
    }

    [Fact]
    public async Task A_text_reaches_the_friend_and_every_other_message_kind_is_carried_out()
    {
        var text = await Client.SendTextAsync(Account, Friend, "hello from the sdk", Wait);
        Assert.Equal(CommandState.Completed, text.State);
        Assert.Equal("sendTextMessage", text.Api);
        Assert.NotNull(text.AcknowledgedAt);
        await live.Host.WaitForReceivedAsync(Friend, d => d.Text == "hello from the sdk", Eventually.Timeout);

        CommandRecord[] others =
        [
            await Client.SendImageAsync(Account, Friend, "https://example.invalid/cat.png", Wait),
            await Client.SendFileAsync(Account, Friend, "https://example.invalid/report.pdf", 1024, Wait),
            await Client.SendLinkAsync(Account, Friend, "A link", new Uri("https://example.invalid/page"), "about it", new Uri("https://example.invalid/thumb.png"), Wait),
            await Client.SendCardAsync(Account, Friend, live.Host.Accounts[1], Wait),
            await Client.SendRoomInviteAsync(Account, Friend, live.Host.World.RoomsOf(Account)[0], Wait),
        ];

        Assert.Equal(["sendPicMessage", "sendFileMessage", "sendXmlMessage", "sendCardMessage", "sendChatroom"], others.Select(r => r.Api));
        Assert.All(others, r => Assert.True(r.IsFinished, $"{r.Api} is {r.State}"));
        await live.Host.WaitForReceivedAsync(Friend, d => d.Text == "A link", Eventually.Timeout);
    }

    [Fact]
    public async Task Stored_messages_are_found_by_every_filter_and_conversations_list_them()
    {
        var marker = "needle-" + Guid.NewGuid().ToString("N")[..8];
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        live.Host.FriendSays(marker);

        var found = await Eventually.GetAsync(async () =>
            (await Client.ListMessagesAsync(Account, new MessageQuery { Conversation = Friend, Sender = Friend, Kind = TextMessageReport.ActionName, Since = before, Until = DateTimeOffset.UtcNow.AddMinutes(1), Text = marker, Limit = 10 })).Items.FirstOrDefault(),
            "the friend's text in the stored messages");

        Assert.Equal(marker, found.Text);
        Assert.Equal(Friend, found.Conversation);
        Assert.False(found.IsSelf);
        Assert.Equal(Friend, Assert.IsType<TextMessageReport>(found.Message).SenderWxid);

        var all = await ToListAsync(Client.EnumerateMessagesAsync(Account, new MessageQuery { Conversation = Friend, Limit = 2 }));
        Assert.Contains(all, m => m.Text == marker);
        Assert.Equal(all.Count, all.Select(m => m.Seq).Distinct().Count());
        Assert.True(all.Select(m => m.Seq).SequenceEqual(all.Select(m => m.Seq).OrderDescending()), "newest first");

        var conversations = await ToListAsync(Client.EnumerateConversationsAsync(Account));
        var withFriend = Assert.Single(conversations, c => c.Id == Friend);
        Assert.False(withFriend.IsRoom);
        Assert.NotNull(withFriend.LastMessage);
        Assert.NotEmpty((await Client.ListConversationsAsync(Account, limit: 1)).Items);
    }

    [Fact]
    public async Task Contacts_are_refreshed_listed_looked_up_remarked_and_deleted()
    {
        var refresh = await Client.RefreshContactsAsync(Account, ContactKinds.All, Wait);
        Assert.Equal(CommandState.Completed, refresh.State);
        Assert.NotEmpty(refresh.AnswerAs<ContactReport>()!.FriendList!);

        var friends = await ToListAsync(Client.EnumerateContactsAsync(Account, new ContactQuery { Type = "friend" }));
        Assert.Contains(friends, c => c.Wxid == Friend && c.IsFriend);
        var rooms = (await Client.ListContactsAsync(Account, new ContactQuery { Type = "room", Limit = 5 })).Items;
        Assert.All(rooms, r => Assert.EndsWith("@chatroom", r.Wxid, StringComparison.Ordinal));

        var wxids = await Client.RefreshContactWxidsAsync(Account, Wait);
        Assert.Contains(Friend, wxids.AnswerAs<UsersWxidReport>()!.UserLists!);

        var info = await Client.GetContactsInfoAsync(Account, [Friend], Wait);
        Assert.Equal(Friend, Assert.Single(info.AnswerAs<UsersInfoReport>()!.UserLists!).Wxid);

        var remark = "sdk-remark-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(CommandState.Completed, (await Client.SetRemarkAsync(Account, Friend, remark, Wait)).State);
        await Client.RefreshContactsAsync(Account, ContactKinds.Friends, Wait);
        await Eventually.TrueAsync(async () => (await Client.ListContactsAsync(Account, new ContactQuery { Text = remark })).Items.Any(c => c.Wxid == Friend), "the remark in the stored contacts");

        var doomed = friends.Select(c => c.Wxid).First(w => w != Friend && !live.Host.Accounts.Contains(w));
        var deleted = await Client.DeleteContactAsync(Account, doomed, Wait);
        Assert.Equal(CommandState.Completed, deleted.State);
        Assert.Equal("delUser", deleted.Api);
    }

    [Fact]
    public async Task Friend_requests_are_listed_and_accepted_by_requester_and_by_tickets()
    {
        var first = live.Host.World.FriendRequestArrives(Account);
        var second = live.Host.World.FriendRequestArrives(Account);
        await Eventually.TrueAsync(async () => (await ToListAsync(Client.EnumerateFriendRequestsAsync(Account, "pending"))).Select(r => r.Wxid).Intersect([first.From, second.From]).Count() == 2, "both requests stored");

        var byRequester = await Client.AcceptFriendRequestFromAsync(Account, first.From, Wait);
        var stored = (await Client.ListFriendRequestsAsync(Account, limit: 500)).Items.Single(r => r.Wxid == second.From);
        var byTickets = await Client.AcceptFriendRequestAsync(Account, stored.V1!, stored.V2!, Wait);

        Assert.Equal(CommandState.Completed, byRequester.State);
        Assert.Equal(CommandState.Completed, byTickets.State);

        // The gateway marks a request accepted when the contact list shows the requester as a friend.
        await Client.RefreshContactsAsync(Account, ContactKinds.Friends, Wait);
        await Eventually.TrueAsync(async () => (await Client.ListFriendRequestsAsync(Account, "accepted", limit: 500)).Items.Any(r => r.Wxid == first.From), "the request marked accepted");
        var again = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.AcceptFriendRequestFromAsync(Account, first.From));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("friend-request-accepted", again.Slug);
    }

    [Fact]
    public async Task Rooms_and_their_members_are_managed()
    {
        await Client.RefreshContactsAsync(Account, ContactKinds.Rooms, Wait);
        var owned = live.Host.World.RoomsOf(Account, ownedOnly: true)[0];
        var rooms = await ToListAsync(Client.EnumerateRoomsAsync(Account));
        Assert.Contains(rooms, r => r.Wxid == owned);
        Assert.NotEmpty((await Client.ListRoomsAsync(Account, owned[..4], limit: 10)).Items);

        var members = await Client.RefreshRoomMembersAsync(Account, owned, Wait);
        var lists = members.AnswerAs<ChatRoomUserListsReport>()!;
        Assert.Equal(owned, lists.Wxid);
        var stored = await ToListAsync(Client.EnumerateRoomMembersAsync(Account, owned));
        Assert.Equal(lists.UserLists!.Select(u => u.Wxid).Order(StringComparer.Ordinal), stored.Select(m => m.Wxid).Order(StringComparer.Ordinal));
        var other = stored.Select(m => m.Wxid).First(w => w != Account && !live.Host.Accounts.Contains(w));
        Assert.NotEmpty((await Client.ListRoomMembersAsync(Account, owned, other, limit: 5)).Items);

        var nick = await Client.RefreshRoomMemberNicknameAsync(Account, owned, other, Wait);
        Assert.Equal(other, nick.AnswerAs<ChatRoomUserNickReport>()?.Wxid);
        Assert.Equal(CommandState.Completed, (await Client.RenameRoomAsync(Account, owned, "SDK room", Wait)).State);
        Assert.Equal(CommandState.Completed, (await Client.SetMyRoomNicknameAsync(Account, owned, "SDK bot", Wait)).State);
        Assert.True((await Client.AddRoomMemberAsFriendAsync(Account, owned, other, "hi from the room", Wait)).IsFinished);
        Assert.Equal(CommandState.Completed, (await Client.RemoveRoomMemberAsync(Account, owned, other, Wait)).State);

        var friends = live.Host.World.ContactsOf(Account, ContactState.Friend).Where(w => !live.Host.Accounts.Contains(w)).Take(2).ToList();
        var created = await Client.CreateRoomAsync(Account, friends, Wait);
        Assert.Equal(CommandState.Completed, created.State);
        var newRoom = await Eventually.GetAsync(() => Task.FromResult(live.Host.World.RoomsOf(Account, ownedOnly: true).FirstOrDefault(r => live.Host.World.Room(r)!.Members.Count == 3 && friends.All(live.Host.World.Room(r)!.Members.Contains))), "the new room in the world");
        Assert.Equal(CommandState.Completed, (await Client.LeaveRoomAsync(Account, newRoom, Wait)).State);
    }

    [Fact]
    public async Task A_room_invitation_from_another_account_is_accepted()
    {
        var inviter = live.Host.Accounts[1];
        var room = live.Host.World.RoomsOf(inviter).FirstOrDefault(r => !live.Host.World.Room(r)!.Members.Contains(Account));
        Assert.NotNull(room);
        var invite = await Client.SendRoomInviteAsync(inviter, Account, room, Wait);
        Assert.Equal(CommandState.Completed, invite.State);

        var message = await Eventually.GetAsync(async () =>
            (await Client.ListMessagesAsync(Account, new MessageQuery { Kind = AddChatRoomMessageReport.ActionName, Limit = 20 })).Items.FirstOrDefault(), "the invitation message");
        var url = Assert.IsType<AddChatRoomMessageReport>(message.Message).Url!;
        var accepted = await Client.AcceptRoomInviteAsync(Account, url, Wait);

        Assert.Equal(CommandState.Completed, accepted.State);
        Assert.Contains(Account, live.Host.World.Room(room)!.Members);
    }

    [Fact]
    public async Task A_transfer_is_listed_and_accepted_and_unknown_ones_are_refused()
    {
        var transfer = live.Host.World.TransferArrives(Friend, Account, 1.5m, "for the sdk");
        var stored = await Eventually.GetAsync(async () => (await ToListAsync(Client.EnumerateTransfersAsync(Account, "sent"))).FirstOrDefault(t => t.TransferId == transfer.Id), "the stored transfer");
        Assert.Equal(Friend, stored.Conversation);
        Assert.NotEmpty(stored.History);

        var accepted = await Client.AcceptTransferAsync(Account, transfer.Id, options: Wait);
        Assert.Equal(CommandState.Completed, accepted.State);
        await Eventually.TrueAsync(async () => (await Client.ListTransfersAsync(Account, "accepted")).Items.Any(t => t.TransferId == transfer.Id), "the transfer accepted");

        var unknown = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.AcceptTransferAsync(Account, "no-such-transfer"));
        Assert.Equal("unknown-transfer", unknown.Slug);
    }

    [Fact]
    public async Task Favorites_are_an_empty_page_until_a_list_came_and_an_unknown_account_is_a_404()
    {
        var favorites = await Client.ListFavoritesAsync(Account);
        Assert.Empty(favorites.Items);
        Assert.False(favorites.HasMore);
        var unknown = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.ListFavoritesAsync("wxid_nobody_here"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_file_upload_is_carried_out()
    {
        live.Host.World.Incoming(IncomingKind.File, Account, from: Friend);
        var file = await Eventually.GetAsync(async () =>
            (await Client.ListMessagesAsync(Account, new MessageQuery { Kind = FileMessageReport.ActionName, Conversation = Friend, Limit = 1 })).Items.FirstOrDefault(), "the friend's file");
        var path = Assert.IsType<FileMessageReport>(file.Message).FileIndex!;

        var upload = await Client.UploadFileAsync(Account, path, new Uri(live.Client.BaseUrl, "/healthz"), Wait);

        Assert.Equal("uploadFile", upload.Api);
        Assert.True(upload.IsFinished, $"uploadFile is {upload.State}");
    }

    [Fact]
    public async Task Raw_commands_are_queued_read_back_and_listed()
    {
        var raw = await Client.SendCommandAsync(Account, "getLoginStatus", options: Wait);
        Assert.Equal(CommandState.Completed, raw.State);

        var read = await Client.GetCommandAsync(raw.Id);
        Assert.Equal(raw.Id, read.Id);
        Assert.Equal(raw.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), read.SendId);
        Assert.NotNull(read.Answer);
        Assert.IsType<LoginStatusReport>(read.AnswerReport);
        Assert.Equal("loginStatus", read.AnswerData!.Value.GetProperty("kind").GetString());

        var page = await Client.ListCommandsAsync(new CommandQuery { Target = Account, State = CommandState.Completed, Limit = 5 });
        Assert.Contains(page.Items, c => c.Id == raw.Id);
        Assert.All(page.Items, c => Assert.Equal(Account, c.Target));
        var firstTen = new List<CommandRecord>();
        await foreach (var c in Client.EnumerateCommandsAsync(new CommandQuery { Limit = 3 }))
        {
            firstTen.Add(c);
            if (firstTen.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(firstTen.Count, firstTen.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_event_log_is_paged_its_end_is_found_and_new_events_stream_typed()
    {
        var page = await Client.GetEventsAsync(limit: 5);
        Assert.Equal(5, page.Items.Count);
        Assert.Equal(page.Items[^1].Seq, page.NextSeq);
        var next = await Client.GetEventsAsync(page.NextCursor, 5);
        Assert.True(next.Items[0].Seq > page.NextSeq);

        var head = await Client.GetLatestSeqAsync();
        Assert.True(page.Head >= page.NextSeq && head >= page.Head, $"head {head}, page head {page.Head}, next {page.NextCursor}");
        Assert.Empty((await Client.GetEventsAsync(head, 1)).Items);
        Assert.Equal(head, (await Client.GetEventsAsync(head - 1, 1)).Items.Single().Seq);

        var marker = "stream-" + Guid.NewGuid().ToString("N")[..8];
        using var cts = new CancellationTokenSource(Eventually.Timeout);
        var reading = Task.Run(async () =>
        {
            await foreach (var e in Client.StreamEventsAsync(new EventStreamOptions { After = head, Accounts = [Account], Kinds = [TextMessageReport.ActionName] }, cts.Token))
            {
                if (e.Report is TextMessageReport { Message: var m } && m == marker)
                {
                    return e;
                }
            }

            return null;
        });
        live.Host.FriendSays(marker);
        var seen = await reading;

        Assert.NotNull(seen);
        Assert.True(seen.Seq > head);
        Assert.Equal(Account, seen.Account);
        Assert.Equal("client", seen.Source);
        Assert.True(seen.IsReport);
    }

    [Fact]
    public async Task Webhooks_are_created_changed_replayed_inspected_and_deleted()
    {
        var url = new Uri($"http://127.0.0.1:{LiveGateway.FreePort()}/hook");
        var created = await Client.CreateWebhookAsync(new WebhookRequest { Url = url, Kinds = [TextMessageReport.ActionName], Accounts = [Account], Description = "sdk test", Enabled = false, After = 0 });
        Assert.NotNull(created.Secret);
        Assert.False(created.Enabled);
        Assert.Equal(0, created.Cursor);

        Assert.Contains(await Client.ListWebhooksAsync(), w => w.Id == created.Id && w.Secret is null);
        Assert.Equal(url.ToString(), (await Client.GetWebhookAsync(created.Id)).Url);

        var patched = await Client.UpdateWebhookAsync(created.Id, new WebhookRequest { Description = "changed" });
        Assert.Equal("changed", patched.Description);
        Assert.Equal([Account], patched.Accounts);

        var replaced = await Client.ReplaceWebhookAsync(created.Id, new WebhookRequest { Url = url, Enabled = false });
        Assert.Empty(replaced.Kinds);
        Assert.Null(replaced.Description);

        var replayed = await Client.ReplayWebhookAsync(created.Id, 3);
        Assert.Equal(3, replayed.Cursor);
        Assert.Empty((await Client.ListWebhookDeliveriesAsync(created.Id, null, 10)).Items);
        Assert.Empty((await Client.ListWebhookDeadLettersAsync(created.Id)).Items);
        var noLetter = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.ResendDeadLetterAsync(created.Id, 12345));
        Assert.Equal(HttpStatusCode.NotFound, noLetter.StatusCode);

        await Client.DeleteWebhookAsync(created.Id);
        var gone = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.GetWebhookAsync(created.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Api_keys_are_created_used_and_revoked()
    {
        var name = "sdk-" + Guid.NewGuid().ToString("N")[..8];
        var key = await Client.CreateApiKeyAsync(name, ApiKeyScope.Read);
        Assert.Equal("read", key.Scope);
        Assert.StartsWith("wqk_", key.Key, StringComparison.Ordinal);
        Assert.Contains(await Client.ListApiKeysAsync(), k => k.Name == name && k.RevokedAt is null);

        using var reader = new WeQuickClient(Client.BaseUrl, key.Key);
        Assert.NotEmpty(await reader.ListAccountsAsync());
        var forbidden = await Assert.ThrowsAsync<WeQuickApiException>(() => reader.SendTextAsync(Account, Friend, "not allowed"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var revoked = await Client.RevokeApiKeyAsync(name);
        Assert.NotNull(revoked.RevokedAt);
        var refused = await Assert.ThrowsAsync<WeQuickApiException>(() => reader.ListAccountsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_accounts_binding_names_its_client_and_an_unbound_account_is_a_404()
    {
        var binding = await Client.GetAccountBindingAsync(Account);
        Assert.Equal(Account, binding.Account);
        Assert.False(string.IsNullOrEmpty(binding.Client));
        Assert.True(binding.BoundAt > DateTimeOffset.UnixEpoch);

        var none = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.ReleaseAccountBindingAsync("wxid_never_polled"));
        Assert.Equal((HttpStatusCode.NotFound, "unbound-account"), (none.StatusCode, none.Slug));
    }

    [Fact]
    public async Task Refused_commands_carry_the_problem_slug_and_field_errors()
    {
        var unknown = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.SendTextAsync("wxid_nobody_here", Friend, "hi"));
        Assert.Equal((HttpStatusCode.NotFound, "unknown-account"), (unknown.StatusCode, unknown.Slug));

        var malformed = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.LogoutAsync("not a wxid!"));
        Assert.Equal("malformed-wxid", malformed.Slug);

        var invalid = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.SendTextAsync(Account, "bad id!", ""));
        Assert.Equal("invalid-request", invalid.Slug);
        Assert.Contains("to", invalid.Errors.Keys);
        Assert.Contains("text", invalid.Errors.Keys);

        var noRequest = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.AcceptFriendRequestFromAsync(Account, "wxid_never_asked"));
        Assert.Equal("unknown-friend-request", noRequest.Slug);

        var pid = (await Client.ListInstancesAsync()).First(i => i.Account == Account).Pid;
        var noQr = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.GetLoginQrImageAsync(pid));
        Assert.Equal("no-qr-code", noQr.Slug);
    }

    [Fact]
    public async Task Idempotent_commands_are_sent_once()
    {
        var options = new CommandOptions { IdempotencyKey = "sdk-" + Guid.NewGuid().ToString("N") };
        var first = await Client.SendTextAsync(Account, Friend, "only once", options);
        var second = await Client.SendTextAsync(Account, Friend, "only once", options);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task A_new_wechat_is_opened_shows_a_login_qr_code_and_is_closed_and_an_account_logs_out()
    {
        var before = (await Client.ListInstancesAsync()).Select(i => i.Pid).ToHashSet();
        var open = await Client.OpenWeChatAsync(options: Wait);
        Assert.Equal(CommandState.Completed, open.State);
        var fresh = await Eventually.GetAsync(async () => (await Client.ListInstancesAsync()).FirstOrDefault(i => !before.Contains(i.Pid) && i.Online), "the new instance polling");

        var qr = await Client.GetLoginQrCodeAsync(fresh.Pid, Wait);
        Assert.Equal(CommandState.Completed, qr.State);
        Assert.False(string.IsNullOrEmpty(qr.AnswerAs<LoginQrCodeReport>()?.Message));
        var png = await Client.GetLoginQrImageAsync(fresh.Pid);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        Assert.Equal(CommandState.Completed, (await Client.CloseProcessAsync(fresh.Pid, Wait)).State);

        var leaving = live.Host.Accounts[2];
        var logouts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var bot = new WeQuickBot(Client, new WeQuickBotOptions { Accounts = [leaving] });
        bot.OnLogout(c =>
        {
            logouts.Enqueue($"{c.Account} {c.Report.Kind}");
            return Task.CompletedTask;
        });
        await using var runner = await BotRunner.StartAsync(bot);
        var logout = await Client.LogoutAsync(leaving, Wait);
        Assert.Equal(CommandState.Completed, logout.State);
        Assert.IsType<LogoutResultReport>(logout.AnswerReport);
        await Eventually.TrueAsync(async () => !(await Client.GetAccountAsync(leaving)).LoggedIn, "the account logged out");
        await Eventually.TrueAsync(() => !logouts.IsEmpty, "the bot's logout handler");
        Assert.Equal([$"{leaving} resLogout"], logouts);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
