using System.Net;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class ClientTokenTests
{
    private static void TwoClients(GatewayOptions o)
    {
        o.Clients.Add(new ClientCredential { Name = "office", Token = "office-token-123" });
        o.Clients.Add(new ClientCredential { Name = "home", Token = "home-token-4567" });
    }

    [Fact]
    public async Task With_tokens_configured_requests_without_a_valid_one_get_401_and_are_counted_not_stored()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var report = ReportEncoder.Encode(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = "x" });
        var refused = new[]
        {
            gateway.Client(pid: 1),
            gateway.Client(pid: 1, prefix: "/c/wrong-token-000"),
            gateway.Client(pid: 1, queryToken: "office-token-12"),
        };
        foreach (var client in refused)
        {
            using var post = await client.PostRawAsync(report, "application/json");
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
            Assert.True(JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
            using var poll = await client.PollRawAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, poll.StatusCode);
        }

        Assert.Equal(0, await gateway.Store.CountEventsAsync(default));
        Assert.Empty(await gateway.Store.ReadQuarantineAsync(10, default));
        Assert.Equal(6, (await gateway.GetJsonAsync("/healthz")).GetProperty("unauthorized").GetInt64());
    }

    [Fact]
    public async Task A_token_in_the_path_or_the_query_names_the_client_in_its_instances()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var office = gateway.Client(pid: 5, prefix: "/c/office-token-123");
        var home = gateway.Client(pid: 5, queryToken: "home-token-4567");
        await office.LogInAsync("wxid_office");
        await home.LogInAsync("wxid_home");
        Assert.Equal("office/5", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_office")).GetProperty("instance").GetString());
        Assert.Equal("home/5", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_home")).GetProperty("instance").GetString());

        var id = (await gateway.PostCommandAsync("wxid_home", "sendTextMessage", new { wxid = "wxid_a", text = "hi" })).GetProperty("id").GetInt64();
        Assert.Empty(await office.PollAsync());
        var command = Assert.Single(await home.PollUntilAnyAsync());
        await home.ExecuteAsync(command);
        var done = await gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal("home/5", done.GetProperty("deliveredTo").GetString());
    }

    [Fact]
    public async Task Without_tokens_configured_token_urls_are_not_served()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client(pid: 1, prefix: "/c/some-token-1").PollRawAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
