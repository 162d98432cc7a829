using System.Text.Json;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Tests.EndToEnd;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// Gateway:RefreshOnLogin (on by default): when an account logs in, the gateway asks its client for its lists
/// (getContact, flag 7), once per login, so contacts and rooms fill without anyone asking.
/// </summary>
public sealed class RefreshOnLoginTests
{
    private static Task<TestGateway> StartAsync(bool on = true, string? dataDirectory = null) =>
        TestGateway.StartAsync(o => o.RefreshOnLogin = on, dataDirectory);

    [Fact]
    public void The_refresh_at_login_is_on_by_default()
    {
        Assert.True(new GatewayOptions().RefreshOnLogin);
    }

    [Fact]
    public async Task A_login_report_is_answered_with_the_refresh_and_the_lists_fill_without_a_refresh_call()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client(pid: 701, wxid: "wxid_alive1");

        var answered = await client.ReportAsync(new LoginUserReport { Account = "wxid_alive1", Wxid = "wxid_alive1", Nick = "bot" });

        var refresh = Assert.IsType<GetContactCommand>(Assert.Single(answered));
        Assert.Equal(7, refresh.Flag);
        var record = Assert.Single(await CommandsAsync(gateway, "wxid_alive1"));
        Assert.Equal("getContact", record.GetProperty("api").GetString());
        Assert.Equal("delivered", record.GetProperty("state").GetString());

        await client.ExecuteAsync(refresh);
        await gateway.WaitForCommandAsync(record.GetProperty("id").GetInt64(), "completed");
        var contacts = (await gateway.GetJsonAsync("/api/v1/accounts/wxid_alive1/contacts")).GetProperty("items");
        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("wxid").GetString() == "wxid_friend");
        var rooms = (await gateway.GetJsonAsync("/api/v1/accounts/wxid_alive1/rooms")).GetProperty("items");
        Assert.Contains(rooms.EnumerateArray(), r => r.GetProperty("wxid").GetString() == "123@chatroom");

        // Logged in, the client's polls and a login report sent again ask for nothing more.
        Assert.Empty(await client.PollAsync());
        Assert.Empty(await client.PollAsync());
        Assert.Empty(await client.ReportAsync(new LoginUserReport { Account = "wxid_alive1", Wxid = "wxid_alive1", Nick = "bot" }));
        Assert.Single(await CommandsAsync(gateway, "wxid_alive1"));
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task Off_nothing_is_queued_at_login()
    {
        await using var gateway = await StartAsync(on: false);
        var client = gateway.Client(pid: 702);

        await client.LogInAsync("wxid_alive2");

        Assert.Empty(await client.PollAsync());
        Assert.Empty(await CommandsAsync(gateway, "wxid_alive2"));
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/accounts/wxid_alive2/contacts")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_login_after_a_logout_asks_again()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client(pid: 703, wxid: "wxid_alive3");
        var first = Assert.Single(await client.ReportAsync(new LoginUserReport { Account = "wxid_alive3", Wxid = "wxid_alive3" }));
        await client.ExecuteAsync(first);

        Assert.Empty(await client.ReportAsync(new LogoutReport { Account = "wxid_alive3" }));
        Assert.Equal("loggedOut", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_alive3")).GetProperty("loginState").GetString());
        var second = Assert.Single(await client.ReportAsync(new LoginUserReport { Account = "wxid_alive3", Wxid = "wxid_alive3" }));

        Assert.IsType<GetContactCommand>(second);
        Assert.NotEqual(first.SendId, second.SendId);
        Assert.Equal(2, (await CommandsAsync(gateway, "wxid_alive3")).Count);
    }

    [Fact]
    public async Task A_poll_carrying_the_wxid_of_an_account_the_gateway_missed_logging_in_is_answered_with_the_refresh()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client(pid: 704, wxid: "wxid_alive4");

        var answered = await client.PollAsync();

        Assert.IsType<GetContactCommand>(Assert.Single(answered));
        // Its login report, arriving late, is the same login: nothing more.
        Assert.Empty(await client.ReportAsync(new LoginUserReport { Account = "wxid_alive4", Wxid = "wxid_alive4" }));
        Assert.Empty(await client.PollAsync());
        Assert.Single(await CommandsAsync(gateway, "wxid_alive4"));
    }

    [Fact]
    public async Task A_restart_a_replayed_login_report_and_a_rebuild_do_not_ask_twice()
    {
        var data = TestGateway.NewDataDirectory();
        try
        {
            var login = new LoginUserReport { Account = "wxid_alive5", Wxid = "wxid_alive5" };
            await using (var gateway = await StartAsync(dataDirectory: data))
            {
                var client = gateway.Client(pid: 705, wxid: "wxid_alive5");
                Assert.IsType<GetContactCommand>(Assert.Single(await client.ReportAsync(login)));
            }

            await using (var gateway = await StartAsync(dataDirectory: data))
            {
                // The client never acked: the query is handed out again when its ack time is up, as any query is; the
                // client's polls and the login report it sends again after the restart queue nothing new.
                var client = gateway.Client(pid: 705, wxid: "wxid_alive5");
                Assert.Empty(await client.ReportAsync(login));
                Assert.Empty(await client.PollAsync());
                Assert.Single(await CommandsAsync(gateway, "wxid_alive5"));
            }

            var store = TestGateway.OpenStore(data);
            await store.InitializeAsync(default);
            await ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = data }, default);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using (var gateway = await StartAsync(dataDirectory: data))
            {
                var client = gateway.Client(pid: 705, wxid: "wxid_alive5");
                Assert.Empty(await client.PollAsync());
                Assert.Single(await CommandsAsync(gateway, "wxid_alive5"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Simulated_accounts_logged_in_through_the_agent_have_contacts_and_rooms_without_a_refresh_call()
    {
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 2, configure: o => o.RefreshOnLogin = true);
        await rig.AccountsLoggedInAsync(2);

        for (var i = 0; i < 2; i++)
        {
            var account = rig.Account(i);
            await Eventually.TrueAsync(
                async () => (await rig.Gateway.GetJsonAsync($"/api/v1/accounts/{account}/contacts")).GetProperty("items").GetArrayLength() > 0
                    && (await rig.Gateway.GetJsonAsync($"/api/v1/accounts/{account}/rooms")).GetProperty("items").GetArrayLength() > 0,
                () => $"{account} has no contacts or rooms after its login",
                TimeSpan.FromSeconds(60));
            var commands = await CommandsAsync(rig.Gateway, account);
            Assert.Equal("getContact", Assert.Single(commands).GetProperty("api").GetString());
        }
    }

    private static async Task<List<JsonElement>> CommandsAsync(TestGateway gateway, string account) =>
        [.. (await gateway.GetJsonAsync($"/api/v1/commands?account={account}")).GetProperty("items").EnumerateArray()];
}
