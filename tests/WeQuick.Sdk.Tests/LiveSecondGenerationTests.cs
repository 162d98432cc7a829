using System.Net;
using System.Text;
using System.Text.Json;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>
/// The client's methods for the second generation's commands against a live gateway: a client speaking the second
/// generation (played here over the wire protocol) is handed what they queue; the simulated world's accounts, of the
/// first generation, are refused with <c>generation-unsupported</c>. The gateway is this class's own: the played
/// client is an online instance that executes nothing, which the shared gateway's tests must not pick.
/// </summary>
public sealed class LiveSecondGenerationTests : IAsyncLifetime
{
    private const string Room = "5550020@chatroom";
    private const int Pid = 47_001;

    private static readonly CommandOptions Queue = new() { Queue = true };

    private readonly LiveGateway _live = new();

    private WeQuickClient Client => _live.Client;

    public Task InitializeAsync() => _live.InitializeAsync();

    public Task DisposeAsync() => _live.DisposeAsync();

    [Fact]
    public async Task The_second_generations_methods_queue_their_commands_and_the_client_is_handed_them_in_its_shape()
    {
        const string account = "wxid_sdkgen2";
        using var wire = new HttpClient { BaseAddress = _live.Host.BaseUrl };
        await ReportAsync(wire, account, "reportChatRooms", """{"groupList":[]}""");

        var video = await Client.SendVideoAsync(account, "wxid_friend", @"D:\media\clip.mp4", Queue);
        Assert.Equal("sendVideoMessage", video.Api);
        Assert.Equal(CommandState.Queued, video.State);
        var handed = await HandedAsync(wire, account, video.Id);
        Assert.Equal("sendVideoMessage", handed.GetProperty("api").GetString());
        Assert.Equal(@"D:\media\clip.mp4", handed.GetProperty("option").GetProperty("videoPath").GetString());
        Assert.Equal(video.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), handed.GetProperty("sendId").GetString());

        CommandRecord[] queued =
        [
            await Client.AddRoomMembersAsync(account, Room, ["wxid_a", "wxid_b"], RoomMemberMethod.Add, Queue),
            await Client.RemoveRoomMembersAsync(account, Room, ["wxid_a"], Queue),
            await Client.SetRoomNoticeAsync(account, Room, "Saturday 8:00", Queue),
            await Client.SendFriendRequestAsync(account, "wxid_c", "hi", room: Room, options: Queue),
            await Client.SearchContactAsync(account, "13800000000", Queue),
            await Client.RefuseTransferAsync(account, "1000050001201912120001", Queue),
            await Client.TranscribeVoiceAsync(account, "wxid_friend", "99", Queue),
            await Client.DownloadFileAsync(account, new Uri("https://files.example.invalid/r.pdf"), Queue),
        ];
        Assert.Equal(
            ["sendChatroomLow", "delChatRoomMembers", "sendChatRoomNotice", "addFriend", "searchContact", "refuseFriendWcpay", "transVoice", "downloadFile"],
            queued.Select(r => r.Api));
        Assert.All(queued, r => Assert.Equal(CommandState.Queued, r.State));

        // A field the gateway refuses comes back as a problem naming it.
        var bad = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.SendFriendRequestAsync(account, "wxid_c", options: Queue));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(bad.Errors.ContainsKey("scene"), string.Join(", ", bad.Errors.Keys));
    }

    [Fact]
    public async Task A_first_generation_account_is_refused_a_second_generation_command_with_generation_unsupported()
    {
        var account = _live.Host.Account;
        await Eventually.TrueAsync(async () => (await Client.GetAccountAsync(account)).Interface == "v1", "the simulated account is known to speak the first generation");

        var refused = await Assert.ThrowsAsync<WeQuickApiException>(() => Client.SetRoomNoticeAsync(account, Room, "hello", Queue));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("generation-unsupported", refused.Slug);
    }

    private static async Task ReportAsync(HttpClient wire, string account, string action, string data)
    {
        using var body = new StringContent($$$"""{"data":{"action":"{{{action}}}","cwxid":"{{{account}}}","data":{{{data}}}}}""", Encoding.UTF8, "application/json");
        using var response = await wire.PostAsync("recieve_msg", body);
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode}");
    }

    /// <summary>
    /// Polls as the second-generation client, acknowledging what it is handed (the gateway's login refresh comes too),
    /// until it is handed command <paramref name="id"/>.
    /// </summary>
    private static async Task<JsonElement> HandedAsync(HttpClient wire, string account, long id)
    {
        var sendId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonElement command = default;
        await Eventually.TrueAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await wire.GetStringAsync($"send_msg?wxid={account}&pid={Pid}"));
            foreach (var handed in doc.RootElement.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("sendId", out _)))
            {
                await ReportAsync(wire, account, "ack", $$"""{"sendId":"{{handed.GetProperty("sendId").GetString()}}","sendResult":"1"}""");
                if (handed.GetProperty("sendId").GetString() == sendId)
                {
                    command = handed.Clone();
                    return true;
                }
            }

            return false;
        }, $"the second-generation client was not handed command {id}");
        return command;
    }
}
