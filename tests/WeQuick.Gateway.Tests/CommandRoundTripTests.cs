using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>One gateway for the whole class; each case uses its own account and instance.</summary>
public sealed class SharedGateway : IAsyncLifetime
{
    private int _next;

    public TestGateway Gateway { get; private set; } = null!;

    public int NextPid() => 10_000 + Interlocked.Increment(ref _next);

    public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

public sealed class CommandRoundTripTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private TestGateway Gateway => shared.Gateway;

    public static TheoryData<string, string> EveryCommandThroughBothChannels()
    {
        var data = new TheoryData<string, string>();
        foreach (var api in SampleOptions.AllApis)
        {
            data.Add(api, "poll");
            data.Add(api, "receive");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandThroughBothChannels))]
    public async Task A_command_posted_to_the_api_is_delivered_acked_answered_and_completed(string api, string channel)
    {
        var pid = shared.NextPid();
        var wxid = $"wxid_{api}_{channel}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(wxid);

        var record = await Gateway.PostCommandAsync(wxid, api, SampleOptions.For(api));
        var id = record.GetProperty("id").GetInt64();
        Assert.Equal("queued", record.GetProperty("state").GetString());
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), record.GetProperty("sendId").GetString());

        // The second channel: any report the client posts is answered with the commands due for its account.
        var delivered = channel == "poll"
            ? await client.PollUntilAnyAsync()
            : await client.ReportAsync(new TextMessageReport { Account = wxid, MsgType = 1, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = wxid, Message = "ping" });
        var command = Assert.Single(delivered);
        Assert.Equal(api, command.Kind);
        Assert.Equal(record.GetProperty("sendId").GetString(), command.SendId);
        Assert.IsNotType<UnknownCommand>(command);
        Assert.Equal("delivered", await Gateway.CommandStateAsync(id));

        var more = await client.ExecuteAsync(command);
        Assert.Empty(more);
        var done = await Gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal(1, done.GetProperty("deliveries").GetInt32());
        Assert.Equal($"{Gateway.Http.BaseAddress!.Host}/{pid}", done.GetProperty("deliveredTo").GetString());
        var answerKind = ProtocolRegistry.AnswerKindOf(api);
        if (answerKind is null)
        {
            Assert.True(done.TryGetProperty("ackSeq", out _));
            Assert.False(done.TryGetProperty("answerSeq", out _));
        }
        else
        {
            var answer = done.GetProperty("answer");
            Assert.Equal(answerKind, answer.GetProperty("kind").GetString());
            Assert.Equal(answerKind, answer.GetProperty("data").GetProperty("kind").GetString());
        }

        // Nothing is handed out twice.
        Assert.Empty(await client.PollAsync());
        Assert.Empty(Gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_failed_ack_marks_the_command_failed_with_the_clients_error_reason()
    {
        var client = Gateway.Client(shared.NextPid());
        await client.LogInAsync("wxid_fails");
        var id = (await Gateway.PostCommandAsync("wxid_fails", "sendTextMessage", SampleOptions.For("sendTextMessage"))).GetProperty("id").GetInt64();
        var command = Assert.Single(await client.PollUntilAnyAsync());
        await client.ExecuteAsync(command, succeed: false);
        var failed = await Gateway.WaitForCommandAsync(id, "failed");
        Assert.Equal("simulated failure", failed.GetProperty("errorReason").GetString());
        Assert.Equal("0", failed.GetProperty("sendResult").GetString());
    }

    [Fact]
    public async Task A_query_answered_before_its_ack_is_completed_by_the_answer()
    {
        var client = Gateway.Client(shared.NextPid());
        await client.LogInAsync("wxid_answer_first");
        var id = (await Gateway.PostCommandAsync("wxid_answer_first", "getContact", new { flag = "7" })).GetProperty("id").GetInt64();
        var command = Assert.Single(await client.PollUntilAnyAsync());
        await client.ReportAsync(client.AnswerFor(command)!);
        var done = await Gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal("reportContact", done.GetProperty("answer").GetProperty("kind").GetString());
        await client.ReportAsync(new CommandAck { Account = "wxid_answer_first", SendId = command.SendId, SendResult = "1" });
        Assert.Equal("completed", await Gateway.CommandStateAsync(id));
    }

    [Fact]
    public async Task Answers_without_a_send_id_are_linked_to_queries_of_their_kind_in_order()
    {
        var client = Gateway.Client(shared.NextPid());
        await client.LogInAsync("wxid_in_order");
        var first = (await Gateway.PostCommandAsync("wxid_in_order", "getChatRoomUsers", new { wxid = "1@chatroom" })).GetProperty("id").GetInt64();
        var second = (await Gateway.PostCommandAsync("wxid_in_order", "getChatRoomUsers", new { wxid = "2@chatroom" })).GetProperty("id").GetInt64();
        var commands = new List<Command>();
        await Eventually.TrueAsync(async () => { commands.AddRange(await client.PollAsync()); return commands.Count >= 2; }, () => "both queries should be delivered");
        Assert.Equal([first.ToString(System.Globalization.CultureInfo.InvariantCulture), second.ToString(System.Globalization.CultureInfo.InvariantCulture)], commands.Select(c => c.SendId));
        foreach (var c in commands)
        {
            await client.ExecuteAsync(c);
        }

        var a = await Gateway.WaitForCommandAsync(first, "completed");
        var b = await Gateway.WaitForCommandAsync(second, "completed");
        Assert.Equal("1@chatroom", a.GetProperty("answer").GetProperty("data").GetProperty("wxid").GetString());
        Assert.Equal("2@chatroom", b.GetProperty("answer").GetProperty("data").GetProperty("wxid").GetString());
    }

    [Fact]
    public async Task Commands_for_one_target_are_delivered_in_the_order_they_were_accepted()
    {
        var client = Gateway.Client(shared.NextPid());
        await client.LogInAsync("wxid_fifo");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Gateway.PostCommandAsync("wxid_fifo", "sendTextMessage", new { wxid = "wxid_friend", text = $"m{i}" })).GetProperty("sendId").GetString()!);
        }

        var got = new List<Command>();
        await Eventually.TrueAsync(async () => { got.AddRange(await client.PollAsync()); return got.Count >= 5; }, () => "five commands");
        Assert.Equal(ids, got.Select(c => c.SendId));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], got.Cast<SendTextMessageCommand>().Select(c => c.Text));
    }

    [Theory]
    [InlineData("""{"target":"wxid_a","api":"sendMoney","option":{}}""", "Unknown api")]
    [InlineData("""{"target":"wxid_a","option":{}}""", "Missing api")]
    [InlineData("""{"api":"sendTextMessage"}""", "Invalid target")]
    [InlineData("""{"target":"pid:abc","api":"openWeChat"}""", "Invalid target")]
    [InlineData("""{"target":"wxid_a","api":"sendTextMessage","option":"text"}""", "Invalid option")]
    [InlineData("""not json""", "Body is not JSON")]
    [InlineData("""[1,2]""", "Body is not an object")]
    public async Task Bad_command_requests_get_a_problem_and_enqueue_nothing(string body, string title)
    {
        var client = Gateway.Client(shared.NextPid());
        await client.LogInAsync("wxid_a");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/api/v1/commands", content);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_and_cursors_get_problems()
    {
        using var missing = await Gateway.Http.GetAsync("/api/v1/commands/999999");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        using var bad = await Gateway.Http.GetAsync("/api/v1/commands/abc");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using var cursor = await Gateway.Http.GetAsync("/api/v1/events?cursor=-1");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, cursor.StatusCode);
        using var limit = await Gateway.Http.GetAsync("/api/v1/events?limit=0");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, limit.StatusCode);
        using var account = await Gateway.Http.GetAsync("/api/v1/accounts/wxid_nobody");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, account.StatusCode);
    }
}
