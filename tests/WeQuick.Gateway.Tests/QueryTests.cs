using System.Globalization;
using System.Net;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class QueryTests
{
    [Fact]
    public async Task Messages_page_newest_first_without_duplicates_or_gaps_and_filter_by_conversation_sender_kind_time_and_text()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        var senders = new[] { "wxid_a", "wxid_b", "wxid_c" };
        var middle = default(DateTimeOffset);
        for (var i = 0; i < 130; i++)
        {
            if (i == 65)
            {
                middle = gateway.Time.GetUtcNow();
            }

            await client.ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = senders[i % 3], WxidTo = "wxid_me", Message = i % 10 == 0 ? $"hello number {i}" : $"m{i}" });
            gateway.Advance(TimeSpan.FromSeconds(1));
        }

        await client.ReportAsync(new PicMessageReport { Account = "wxid_me", MsgType = 3, WxidFrom = "wxid_a", WxidTo = "wxid_me" });

        var all = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?limit=50");
        Assert.Equal(131, all.Count);
        var seqs = all.Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());

        var fromB = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?conversation=wxid_b&limit=7");
        Assert.Equal(43, fromB.Count);
        Assert.All(fromB, m => Assert.Equal("wxid_b", m.GetProperty("conversation").GetString()));
        Assert.Equal(44 + 1, (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?sender=wxid_a&limit=500")).Count);
        Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?kind=reportPicMessage"));
        var hello = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?q=HELLO&limit=3");
        Assert.Equal(13, hello.Count);
        var since = Uri.EscapeDataString(middle.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(131 - 65, (await PagesAsync(gateway, $"/api/v1/accounts/wxid_me/messages?since={since}")).Count);
        Assert.Equal(65, (await PagesAsync(gateway, $"/api/v1/accounts/wxid_me/messages?until={since}")).Count);

        // The last N, oldest first: the first page read backwards (the first stage's "messages" field, gone since).
        var last = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages?limit=3");
        var legacy = last.GetProperty("items").EnumerateArray().Reverse().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Take(3).Reverse(), legacy);

        var conversations = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/conversations?limit=2");
        Assert.Equal(["wxid_a", "wxid_c", "wxid_b"], conversations.Select(c => c.GetProperty("conversation").GetString()));
        Assert.Equal("reportPicMessage", conversations[0].GetProperty("lastMessage").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_message_text_comes_back_from_the_log_character_for_character()
    {
        // Chinese, a WeChat tag, a private-use emoji (U+E04C), an emoji outside the BMP, quotes and a backslash:
        // the message is read back from the raw body in the log and decoded the way ingestion decoded it.
        const string text = "你好 [微笑] \uE04C \U0001F600 \"quoted\" back\\slash";
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        await client.ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = text });

        var page = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages?limit=1");
        var message = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(text, message.GetProperty("report").GetProperty("message").GetString());
        var found = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/messages?q=" + Uri.EscapeDataString("[微笑]"));
        Assert.Single(found);
    }

    [Fact]
    public async Task Contacts_rooms_and_members_page_in_a_stable_order_and_filter_by_type_and_text()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        var friends = Enumerable.Range(0, 120).Select(i => new UserProfile { Wxid = $"wxid_f{i:D3}", Nick = i % 4 == 0 ? $"Alice {i}" : $"Bob {i}", IsFriend = i % 10 == 9 ? 2 : i % 5 == 4 ? 0 : 1 }).ToList();
        await client.ReportAsync(new ContactReport
        {
            Account = "wxid_me",
            FriendList = friends,
            GroupList = [new RoomSummary { Wxid = "1@chatroom", Nick = "Team" }, new RoomSummary { Wxid = "2@chatroom", Nick = "Family" }],
            PublicList = [new PublicAccount { Wxid = "gh_news", Nick = "News" }],
        });
        await client.ReportAsync(new ChatRoomUserListsReport
        {
            Account = "wxid_me",
            Wxid = "1@chatroom",
            UserLists = [.. Enumerable.Range(0, 30).Select(i => new UserProfile { Wxid = $"wxid_m{i:D2}", Nick = $"Member {i}" })],
        });
        await client.ReportAsync(new ChatRoomUserNickReport { Account = "wxid_me", ChatRoom = "1@chatroom", Wxid = "wxid_m07", ChatNick = "the captain" });

        var contacts = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?limit=25");
        Assert.Equal(120, contacts.Count);
        var keys = contacts.Select(c => c.GetProperty("wxid").GetString()!).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());

        Assert.Equal(friends.Count(f => f.IsFriend == 1), (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?type=friend&limit=9")).Count);
        Assert.Equal(friends.Count(f => f.IsFriend == 0), (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?type=stranger")).Count);
        Assert.Equal(friends.Count(f => f.IsFriend == 2), (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?type=blacklisted")).Count);
        Assert.Equal(30, (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?q=alice&limit=4")).Count);
        Assert.Equal(["1@chatroom", "2@chatroom"], (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?type=room")).Select(r => r.GetProperty("wxid").GetString()));
        Assert.Equal("gh_news", Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/contacts?type=public")).GetProperty("wxid").GetString());
        Assert.Equal("Family", Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/rooms?q=fam")).GetProperty("nick").GetString());

        var members = await PagesAsync(gateway, "/api/v1/accounts/wxid_me/rooms/1@chatroom/members?limit=8");
        Assert.Equal(30, members.Count);
        Assert.Equal("the captain", members.Single(m => m.GetProperty("wxid").GetString() == "wxid_m07").GetProperty("roomNick").GetString());
        Assert.Equal("wxid_m07", Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/rooms/1@chatroom/members?q=captain")).GetProperty("wxid").GetString());
        Assert.Empty(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/rooms/2@chatroom/members"));
    }

    [Fact]
    public async Task Friend_requests_transfers_and_commands_filter_by_state()
    {
        await using var gateway = await TestGateway.StartAsync();
        // It takes every command of an answer, as WeQuick's agent says it does.
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        client.Takes = 20;
        await client.ReportAsync(new FriendAddRequestReport { Account = "wxid_me", Wxid = "wxid_new", Nick = "New", V1 = "v1", V2 = "v2" });
        await client.ReportAsync(new TransferMessageReport { Account = "wxid_me", MsgType = 49, WxidFrom = "wxid_a", WxidTo = "wxid_me", TransferId = "t1", PaySubtype = 1, FeeDesc = "¥1.00" });
        await client.ReportAsync(new TransferMessageReport { Account = "wxid_me", MsgType = 49, WxidFrom = "wxid_a", WxidTo = "wxid_me", TransferId = "t1", PaySubtype = 3, FeeDesc = "¥1.00" });
        await client.ReportAsync(new TransferMessageReport { Account = "wxid_me", MsgType = 49, WxidFrom = "wxid_b", WxidTo = "wxid_me", TransferId = "t2", PaySubtype = 1, FeeDesc = "¥2.00" });

        Assert.Equal("wxid_new", Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/friend-requests?state=pending")).GetProperty("wxid").GetString());
        Assert.Empty(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/friend-requests?state=accepted"));
        var accepted = Assert.Single(await PagesAsync(gateway, "/api/v1/accounts/wxid_me/transfers?state=accepted"));
        Assert.Equal([1, 3], accepted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("paySubtype").GetInt32()));
        Assert.Equal(2, (await PagesAsync(gateway, "/api/v1/accounts/wxid_me/transfers")).Count);

        for (var i = 0; i < 12; i++)
        {
            await gateway.PostCommandAsync(i % 2 == 0 ? "wxid_me" : "wxid_other", "getContact");
        }

        var delivered = await client.PollAsync();
        Assert.Equal(6, delivered.Count);
        var mine = await PagesAsync<JsonElement>(gateway, "/api/v1/commands?account=wxid_me&limit=4");
        Assert.Equal(6, mine.Count);
        Assert.All(mine, c => Assert.Equal("delivered", c.GetProperty("state").GetString()));
        var ids = mine.Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(6, (await PagesAsync(gateway, "/api/v1/commands?state=queued&limit=5")).Count);
        Assert.Equal(12, (await PagesAsync(gateway, "/api/v1/commands?limit=5")).Count);
    }

    [Theory]
    [InlineData("/api/v1/accounts/wxid_me/messages?limit=0")]
    [InlineData("/api/v1/accounts/wxid_me/messages?limit=501")]
    [InlineData("/api/v1/accounts/wxid_me/contacts?limit=abc")]
    [InlineData("/api/v1/accounts/wxid_me/contacts?type=enemy")]
    [InlineData("/api/v1/accounts/wxid_me/contacts?cursor=not-a-cursor")]
    [InlineData("/api/v1/accounts/wxid_me/messages?since=yesterday")]
    [InlineData("/api/v1/commands?state=lost")]
    [InlineData("/api/v1/commands?limit=-1")]
    public async Task Bad_paging_and_filter_values_are_400_problems(string path)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.Client(pid: 1, wxid: "wxid_me").ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = "x" });
        using var response = await gateway.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cursor_from_one_query_is_refused_by_another_and_unknown_accounts_are_404()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        for (var i = 0; i < 3; i++)
        {
            await client.ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = "x" });
        }

        var page = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages?limit=1");
        var cursor = page.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Http.GetAsync($"/api/v1/accounts/wxid_me/contacts?cursor={cursor}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/v1/accounts/wxid_nobody/contacts")).StatusCode);
    }

    private static Task<List<JsonElement>> PagesAsync(TestGateway gateway, string path) => PagesAsync<JsonElement>(gateway, path);

    /// <summary>Follows nextCursor to the end; fails if a page is over its limit or the pages never end.</summary>
    private static async Task<List<T>> PagesAsync<T>(TestGateway gateway, string path)
    {
        var all = new List<T>();
        string? cursor = null;
        var limit = path.Contains("limit=", StringComparison.Ordinal) ? int.Parse(path[(path.IndexOf("limit=", StringComparison.Ordinal) + 6)..].Split('&')[0], CultureInfo.InvariantCulture) : 50;
        for (var pages = 0; pages < 1000; pages++)
        {
            var url = cursor is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}cursor={Uri.EscapeDataString(cursor)}";
            var json = await gateway.GetJsonAsync(url);
            var items = json.GetProperty("items").EnumerateArray().Select(e => e.Deserialize<T>()!).ToList();
            Assert.True(items.Count <= limit, $"{items.Count} items on a page of {limit}");
            all.AddRange(items);
            cursor = json.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (cursor is null)
            {
                return all;
            }
        }

        Assert.Fail($"{path}: the pages never ended");
        return all;
    }
}
