using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage.Sqlite;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>Messages are kept once, in the log: the projections hold one pointer per conversation, not a copy per message.</summary>
public sealed class MessagesFromTheLogTests
{
    [Fact]
    public async Task A_message_is_stored_once_and_its_conversation_points_at_the_latest()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        for (var i = 0; i < 5; i++)
        {
            await client.ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = i % 2 == 0 ? "wxid_a" : "wxid_b", WxidTo = "wxid_me", Message = $"m{i}" });
        }

        var docs = await gateway.Store.ReadAllDocumentsAsync(default);
        var conversations = docs.Where(d => d.Collection == Collections.Conversation).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["wxid_a", "wxid_b"], conversations.Select(d => d.Key));
        var messages = await gateway.Store.ReadMessageEventsAsync("wxid_me", null, 10, default);
        Assert.Equal(5, messages.Count);
        var sent = messages.Select(e => e.Seq).Reverse().ToList();
        Assert.Equal(sent[4], conversations[0].Seq);
        Assert.Equal(sent[3], conversations[1].Seq);
        Assert.DoesNotContain(docs, d => d.Collection == "message");
        Assert.Equal(5, await gateway.Store.CountMessageEventsAsync("wxid_me", default));

        var account = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me");
        Assert.Equal(5, account.GetProperty("counts").GetProperty("messages").GetInt64());
    }

    [Fact]
    public async Task Messages_and_conversations_pages_stop_at_the_page_bytes_and_continue_where_they_stopped()
    {
        // Bodies of about 1.3 KB, inline (under 2 KB), and pages of 4 KB: a page of 12 holds about three.
        await using var gateway = await TestGateway.StartAsync(o => (o.InlineBodyBytes, o.PageBytes) = (2048, 4096));
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        for (var i = 0; i < 12; i++)
        {
            await client.ReportAsync(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = $"wxid_f{i:00}", WxidTo = "wxid_me", Message = $"m{i:00} " + new string('x', 1200) });
        }

        foreach (var list in new[] { "messages", "conversations" })
        {
            var seen = new List<long>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await gateway.GetJsonAsync($"/api/v1/accounts/wxid_me/{list}?limit=12" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
                var items = page.GetProperty("items").EnumerateArray().ToList();
                Assert.InRange(items.Count, 1, 4);
                var messages = items.Select(m => list == "messages" ? m : m.GetProperty("lastMessage")).ToList();
                Assert.All(messages, m => Assert.False(m.TryGetProperty("bodyOmitted", out var omitted) && omitted.GetBoolean()));
                seen.AddRange(messages.Select(m => m.GetProperty("seq").GetInt64()));
                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
                pages++;
            }
            while (cursor is not null && pages < 20);

            // Every message (each its own conversation) once, newest first, over several pages.
            Assert.Equal(12, seen.Distinct().Count());
            Assert.Equal(seen.OrderDescending(), seen);
            Assert.InRange(pages, 3, 12);
        }
    }

    [Fact]
    public async Task Reading_an_account_s_messages_uses_the_index_of_message_events()
    {
        // IsMessage must repeat the index's condition word for word, or SQLite scans the whole log instead.
        var dir = TestGateway.NewDataDirectory();
        try
        {
            await TestGateway.OpenStore(dir).InitializeAsync(default);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "wequick.db")}");
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"EXPLAIN QUERY PLAN SELECT seq FROM events WHERE account = 'wxid_me' AND {SqliteRows.IsMessageReport} AND seq < 10 ORDER BY seq DESC LIMIT 5";
            await using var reader = await cmd.ExecuteReaderAsync();
            var plan = new List<string>();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }

            Assert.Contains(plan, p => p.Contains("USING COVERING INDEX events_messages", StringComparison.Ordinal) || p.Contains("USING INDEX events_messages", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_that_kept_message_documents_is_migrated_to_conversation_pointers()
    {
        var dir = TestGateway.NewDataDirectory();
        Directory.CreateDirectory(dir);
        try
        {
            // A version-4 database as the previous build left it: two messages in the log, each copied into a document.
            await TestGateway.WriteDatabaseAtVersionAsync(dir, 4, """
                INSERT INTO events (seq, kind, account, received_at, source, content_type, body) VALUES
                  (1, 'reportTextMessage', 'wxid_me', 1767225600000, 0, 'application/json', CAST('{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"wxid_a","wxidTo":"wxid_me","message":"first 你好"}}}' AS BLOB)),
                  (2, 'reportTextMessage', 'wxid_me', 1767225601000, 0, 'application/json', CAST('{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"wxid_a","wxidTo":"wxid_me","message":"second"}}}' AS BLOB));
                INSERT INTO projections (collection, account, key, seq, json) VALUES
                  ('account', 'wxid_me', '', 1, '{"wxid":"wxid_me","loggedIn":true}'),
                  ('message', 'wxid_me', '00000000000000000001', 1, '{"seq":1,"kind":"reportTextMessage","conversation":"wxid_a"}'),
                  ('message', 'wxid_me', '00000000000000000002', 2, '{"seq":2,"kind":"reportTextMessage","conversation":"wxid_a"}');
                """);

            await using var gateway = await TestGateway.StartAsync(dataDirectory: dir);
            var docs = await gateway.Store.ReadAllDocumentsAsync(default);
            Assert.DoesNotContain(docs, d => d.Collection == "message");
            var conversation = Assert.Single(docs, d => d.Collection == Collections.Conversation);
            Assert.Equal(("wxid_a", 2L), (conversation.Key, conversation.Seq));
            Assert.Equal("""{"conversation":"wxid_a","lastSeq":2}""", conversation.Json);

            var page = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages?limit=10");
            Assert.Equal(["second", "first 你好"], page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("report").GetProperty("message").GetString()));
            var conversations = await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/conversations");
            var only = Assert.Single(conversations.GetProperty("items").EnumerateArray());
            Assert.Equal("second", only.GetProperty("lastMessage").GetProperty("report").GetProperty("message").GetString());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
