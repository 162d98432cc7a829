using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>
/// A small WeQuick client, as a real one behaves on the wire: it posts reports written by
/// <see cref="ReportEncoder"/> to receive_msg and polls send_msg with its wxid and pid. It executes the
/// commands it gets the way the simulated world would: an ack for each, and the answering report for queries.
/// </summary>
public sealed class TestClient(HttpClient http, int pid, string? wxid, string prefix, string? queryToken)
{
    public int Pid { get; } = pid;

    public string? Wxid { get; set; } = wxid;

    public ReportQuirks Quirks { get; set; } = ReportQuirks.Spec;

    public BodyEncoding Encoding { get; set; } = BodyEncoding.Json;

    /// <summary>Which event URL spelling to use.</summary>
    public string ReceivePath { get; set; } = "/recieve_msg";

    /// <summary>
    /// How many commands this client says it executes from one answer (<c>take=</c> on its poll and report URLs, as
    /// WeQuick's agent says it); null, the default, says nothing, as a real client, and gets one per answer.
    /// </summary>
    public int? Takes { get; set; }

    /// <summary>The same client (pid, wxid, token) talking to another server, such as the gateway after a restart.</summary>
    public TestClient WithHttp(HttpClient other) => new(other, Pid, Wxid, prefix, queryToken) { Quirks = Quirks, Encoding = Encoding, ReceivePath = ReceivePath, Takes = Takes };

    private string Token => queryToken is null ? string.Empty : "token=" + Uri.EscapeDataString(queryToken);

    private string Take => Takes is { } n ? "take=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    public async Task<HttpResponseMessage> PostRawAsync(byte[] body, string? contentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var query = string.Join('&', new[] { Token, Take }.Where(p => p.Length > 0));
        return await http.PostAsync(prefix + ReceivePath + (query.Length > 0 ? "?" + query : string.Empty), content);
    }

    /// <summary>Posts a report; fails unless it is answered 200; returns the commands in the answer (the second channel).</summary>
    public async Task<IReadOnlyList<Command>> ReportAsync(Report report)
    {
        using var response = await PostRawAsync(ReportEncoder.Encode(report, Quirks, Encoding), ReportEncoder.ContentType(Encoding));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{report.Kind} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        var batch = CommandDecoder.DecodeBatch(body);
        Assert.True(batch.IsSuccess, batch.Error?.ToString());
        return batch.Commands;
    }

    /// <summary>Polls until the gateway hands out a command, acks it as run, and returns its wire object (the first of the answer).</summary>
    public async Task<JsonElement> TakeCommandAsync()
    {
        JsonElement command = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await PollRawAsync();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            if (doc.RootElement.GetArrayLength() == 0)
            {
                return false;
            }

            command = doc.RootElement[0].Clone();
            await ReportAsync(new CommandAck { Account = Wxid, SendId = command.GetProperty("sendId").GetString() ?? string.Empty, SendResult = "1" });
            return true;
        }, () => $"pid {Pid} got no command");
        return command;
    }

    public async Task<HttpResponseMessage> PollRawAsync(double? waitSeconds = null, CancellationToken cancellationToken = default)
    {
        var url = $"{prefix}/send_msg?wxid={Uri.EscapeDataString(Wxid ?? string.Empty)}&pid={Pid}";
        if (waitSeconds is { } w)
        {
            url += "&wait=" + w.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Token.Length > 0)
        {
            url += "&" + Token;
        }

        if (Take.Length > 0)
        {
            url += "&" + Take;
        }

        return await http.GetAsync(url, cancellationToken);
    }

    /// <summary>Polls send_msg once; returns the commands.</summary>
    public async Task<IReadOnlyList<Command>> PollAsync(double? waitSeconds = null, CancellationToken cancellationToken = default)
    {
        using var response = await PollRawAsync(waitSeconds, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"send_msg answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        var batch = CommandDecoder.DecodeBatch(body);
        Assert.True(batch.IsSuccess, batch.Error?.ToString());
        return batch.Commands;
    }

    /// <summary>Polls until at least one command arrives (bounded), returning them.</summary>
    public async Task<IReadOnlyList<Command>> PollUntilAnyAsync()
    {
        IReadOnlyList<Command> commands = [];
        await Eventually.TrueAsync(async () => (commands = await PollAsync()).Count > 0, () => $"pid {Pid} got no command");
        return commands;
    }

    /// <summary>Logs in the way a real client announces it: loginStatus, then reportLoginUser, then a poll with the wxid.</summary>
    public async Task LogInAsync(string wxid, string nick = "bot")
    {
        Wxid = wxid;
        await ReportAsync(new LoginStatusReport { Account = null, Code = 1 });
        await ReportAsync(new LoginUserReport { Account = wxid, Wxid = wxid, Nick = nick, Sex = 1, HeadPic = "http://img.example/a.png" });
        await PollAsync();
    }

    /// <summary>Executes a command as the simulated world would: an ack, then the answer for queries. Returns commands handed back in those answers.</summary>
    public async Task<List<Command>> ExecuteAsync(Command command, bool succeed = true, bool answerFirst = false)
    {
        var more = new List<Command>();
        var ack = new CommandAck { Account = Wxid, SendId = command.SendId, SendResult = succeed ? "1" : "0", ErrorReason = succeed ? null : "simulated failure" };
        var answer = succeed ? AnswerFor(command) : null;
        if (answer is not null && answerFirst)
        {
            more.AddRange(await ReportAsync(answer));
        }

        if (command is not (LogoutCommand or UploadFileCommand) || !succeed)
        {
            more.AddRange(await ReportAsync(ack));
        }

        if (answer is not null && !answerFirst)
        {
            more.AddRange(await ReportAsync(answer));
        }

        return more;
    }

    public Report? AnswerFor(Command command) => command switch
    {
        GetLoginQrCodeCommand => new LoginQrCodeReport { Account = null, Message = "data:image/png;base64,iVBORw0KGgo=", SendId = command.SendId },
        GetLoginStatusCommand => new LoginStatusReport { Account = Wxid, Code = Wxid is null ? 0 : 1 },
        LogoutCommand => new LogoutResultReport { Account = Wxid, SendId = command.SendId, SendResult = "1" },
        GetContactCommand => new ContactReport
        {
            Account = Wxid,
            FriendList = [new UserProfile { Wxid = "wxid_friend", Nick = "Friend", IsFriend = 1 }, new UserProfile { Wxid = "wxid_stranger", Nick = "Stranger", IsFriend = 0 }, new UserProfile { Wxid = "wxid_blocked", Nick = "Blocked", IsFriend = 2 }],
            GroupList = [new RoomSummary { Wxid = "123@chatroom", Nick = "Room", Owner = "wxid_friend", RoomCount = 2, UserLists = ["wxid_friend", Wxid ?? "wxid_x"] }],
            PublicList = [new PublicAccount { Wxid = "gh_news", Nick = "News" }],
        },
        GetUsersWxidCommand => new UsersWxidReport { Account = Wxid, UserLists = ["wxid_friend", "gh_news", "123@chatroom"] },
        GetUsersInfoCommand q => new UsersInfoReport { Account = Wxid, UserLists = [.. (q.WxidLists ?? ["wxid_friend"]).Select(w => new UserProfile { Wxid = w, Nick = "N-" + w, Sex = 2 })] },
        GetChatRoomUsersCommand q => new ChatRoomUserListsReport
        {
            Account = Wxid,
            Wxid = q.Wxid,
            Owner = "wxid_friend",
            Nick = "Room",
            RoomCount = 2,
            UserLists = [new UserProfile { Wxid = "wxid_friend", Nick = "Friend" }, new UserProfile { Wxid = Wxid, Nick = "bot" }],
        },
        GetChatRoomUserNickCommand q => new ChatRoomUserNickReport { Account = Wxid, ChatRoom = q.ChatRoom, Wxid = q.Wxid, ChatNick = "nick-in-room" },
        UploadFileCommand => new UploadFileResultReport { Account = Wxid, SendId = command.SendId, SendResult = "200" },
        _ => null,
    };
}
