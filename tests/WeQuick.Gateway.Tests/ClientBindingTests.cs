using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Storage.Sqlite;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>An account and a pid belong to the client that first bound them; polls are checked by the one wxid rule.</summary>
public sealed class ClientBindingTests
{
    private const string OfficeToken = "office-token-123";
    private const string HomeToken = "home-token-4567";

    private static void TwoClients(GatewayOptions o)
    {
        o.Clients.Add(new ClientCredential { Name = "office", Token = OfficeToken });
        o.Clients.Add(new ClientCredential { Name = "home", Token = HomeToken });
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    [Fact]
    public async Task Another_clients_poll_for_an_account_is_refused_and_its_owner_later_gets_the_send()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var office = gateway.Client(pid: 5, prefix: "/c/" + OfficeToken);
        await office.LogInAsync("wxid_owner");
        var id = (await gateway.PostCommandAsync("wxid_owner", "sendTextMessage", new { wxid = "wxid_friend", text = "for the office only" })).GetProperty("id").GetInt64();

        // The other client names the account in its poll (a pid of its own): refused, handed nothing.
        var intruder = gateway.Client(pid: 999, wxid: "wxid_owner", prefix: "/c/" + HomeToken);
        using (var refused = await intruder.PollRawAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("another client", await ErrorOf(refused), StringComparison.Ordinal);
        }

        Assert.Equal("queued", await gateway.CommandStateAsync(id));
        var account = await gateway.GetJsonAsync("/api/v1/accounts/wxid_owner");
        Assert.Equal("office/5", account.GetProperty("instance").GetString());
        Assert.DoesNotContain(await gateway.GetJsonAsync("/api/v1/instances") is var instances ? instances.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()) : [], i => i == "home/999");

        var command = Assert.Single(await office.PollUntilAnyAsync());
        await office.ExecuteAsync(command);
        Assert.Equal("office/5", (await gateway.WaitForCommandAsync(id, "completed")).GetProperty("deliveredTo").GetString());

        // Logged as a security event naming the client, never its token.
        var warning = Assert.Single(gateway.Logs.Entries, e => e.Contains("Security: client home was refused a poll for account wxid_owner", StringComparison.Ordinal));
        Assert.Contains("belongs to client office", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains(HomeToken, StringComparison.Ordinal) || e.Contains(OfficeToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_clients_report_as_an_account_is_refused_and_not_stored()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var office = gateway.Client(pid: 5, prefix: "/c/" + OfficeToken);
        await office.LogInAsync("wxid_owner");
        var events = await gateway.Store.CountEventsAsync(default);

        var forged = ReportEncoder.Encode(new TextMessageReport { Account = "wxid_owner", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = "wxid_owner", Message = "forged" });
        using (var refused = await gateway.Client(pid: 7, prefix: "/c/" + HomeToken).PostRawAsync(forged, "application/json"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("wxid_owner", await ErrorOf(refused), StringComparison.Ordinal);
        }

        Assert.Equal(events, await gateway.Store.CountEventsAsync(default));
        Assert.Empty(await gateway.Store.ReadQuarantineAsync(10, default));
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("Security: client home was refused a report for account wxid_owner", StringComparison.Ordinal));

        // The owner's own report of the same kind is stored.
        using var own = await office.PostRawAsync(forged, "application/json");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(events + 1, await gateway.Store.CountEventsAsync(default));
    }

    [Fact]
    public async Task A_report_binds_an_account_first_so_a_later_poll_of_another_client_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var home = gateway.Client(pid: 8, prefix: "/c/" + HomeToken);
        await home.ReportAsync(new LoginUserReport { Account = "wxid_first", Wxid = "wxid_first", Nick = "first" });
        using var refused = await gateway.Client(pid: 9, wxid: "wxid_first", prefix: "/c/" + OfficeToken).PollRawAsync();
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("home", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_first/binding")).GetProperty("client").GetString());
    }

    [Fact]
    public async Task Bindings_survive_a_restart_and_an_operator_release_lets_the_account_move()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            await using (var first = await TestGateway.StartAsync(TwoClients, dir))
            {
                await first.Client(pid: 5, prefix: "/c/" + OfficeToken).LogInAsync("wxid_mover");
            }

            await using var gateway = await TestGateway.StartAsync(TwoClients, dir);
            var home = gateway.Client(pid: 6, wxid: "wxid_mover", prefix: "/c/" + HomeToken);
            using (var refused = await home.PollRawAsync())
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            using (var release = await gateway.Http.DeleteAsync("/api/v1/accounts/wxid_mover/binding"))
            {
                var text = await release.Content.ReadAsStringAsync();
                Assert.True(release.StatusCode == HttpStatusCode.OK, text);
                Assert.Equal("office", JsonDocument.Parse(text).RootElement.GetProperty("client").GetString());
            }

            Assert.Empty(await home.PollAsync());
            Assert.Equal("home/6", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_mover")).GetProperty("instance").GetString());
            using (var old = await gateway.Client(pid: 5, wxid: "wxid_mover", prefix: "/c/" + OfficeToken).PollRawAsync())
            {
                Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
            }

            using var again = await gateway.Http.DeleteAsync("/api/v1/accounts/wxid_nobody/binding");
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Commands_for_a_pid_go_to_the_process_of_the_client_that_holds_the_pid()
    {
        await using var gateway = await TestGateway.StartAsync(TwoClients);
        var office = gateway.Client(pid: 4321, prefix: "/c/" + OfficeToken);
        var home = gateway.Client(pid: 4321, prefix: "/c/" + HomeToken);
        Assert.Empty(await office.PollAsync());
        Assert.Empty(await home.PollAsync());
        var id = (await gateway.PostCommandAsync("pid:4321", "openWeChat")).GetProperty("id").GetInt64();
        Assert.Empty(await home.PollAsync());
        Assert.Single(await office.PollUntilAnyAsync());
        Assert.Equal("office/4321", (await gateway.GetCommandAsync(id)).GetProperty("deliveredTo").GetString());
    }

    [Fact]
    public async Task Without_tokens_an_account_is_bound_to_the_clients_address()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.Client(pid: 5).LogInAsync("wxid_local");
        Assert.Equal("127.0.0.1", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_local/binding")).GetProperty("client").GetString());
    }

    [Fact]
    public async Task An_address_allow_list_that_excludes_the_caller_refuses_its_polls_and_reports()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.ClientAddresses.Add("192.0.2.0/24"));
        var client = gateway.Client(pid: 5, wxid: "wxid_outside");
        using (var poll = await client.PollRawAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
            Assert.Contains("Gateway:ClientAddresses", await ErrorOf(poll), StringComparison.Ordinal);
        }

        var report = ReportEncoder.Encode(new LoginUserReport { Account = "wxid_outside", Wxid = "wxid_outside", Nick = "x" });
        using (var post = await client.PostRawAsync(report, "application/json"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal(0, await gateway.Store.CountEventsAsync(default));
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("Security: a client request from 127.0.0.1 was refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_allow_list_that_includes_the_caller_lets_it_in()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.ClientAddresses.AddRange(["192.0.2.0/24", "127.0.0.1"]));
        await gateway.Client(pid: 5).LogInAsync("wxid_inside");
        Assert.Equal("loggedIn", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_inside")).GetProperty("loginState").GetString());
    }

    [Theory]
    [InlineData("pid=5&wxid=wxid_a%0D%0AX-Injected:%201")]
    [InlineData("pid=5&wxid=wxid_a%00")]
    [InlineData("pid=5&wxid=wxid_a&wxid=wxid_b")]
    [InlineData("pid=5&wxid=12345678%40chatroom")]
    [InlineData("pid=5&pid=6&wxid=wxid_a")]
    [InlineData("pid=0&wxid=wxid_a")]
    [InlineData("pid=-3&wxid=wxid_a")]
    [InlineData("pid=99999999999&wxid=wxid_a")]
    [InlineData("pid=5.0&wxid=wxid_a")]
    [InlineData("wxid=wxid_a")]
    public async Task A_poll_with_a_malformed_wxid_or_pid_is_a_400_and_creates_no_account(string query)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var get = await gateway.Http.GetAsync("/send_msg?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ErrorOf(get)));

        using var post = await gateway.Http.PostAsync("/send_msg", new StringContent(query, Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);

        Assert.Empty((await gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/instances")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_poll_with_a_7000_character_wxid_is_a_400_and_creates_no_account()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var get = await gateway.Http.GetAsync("/send_msg?pid=5&wxid=" + new string('a', 7000));
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.True((await ErrorOf(get)).Length < 400);
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_data_folder_and_database_files_are_the_owners_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var gateway = await TestGateway.StartAsync();
        await gateway.Client(pid: 5).LogInAsync("wxid_private");
        var db = Path.Combine(gateway.DataDirectory, SqliteGatewayStore.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(gateway.DataDirectory));
        foreach (var file in (string[])[db, db + "-wal", db + "-shm"])
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task An_existing_world_readable_database_is_tightened_at_start()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var dir = TestGateway.NewDataDirectory();
        try
        {
            await using (var first = await TestGateway.StartAsync(dataDirectory: dir))
            {
                await first.Client(pid: 5).LogInAsync("wxid_private");
            }

            var db = Path.Combine(dir, SqliteGatewayStore.FileName);
            File.SetUnixFileMode(db, File.GetUnixFileMode(db) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await using var again = await TestGateway.StartAsync(dataDirectory: dir);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_client_tokens_warns_at_start()
    {
        // 192.0.2.1 (TEST-NET-1) is not an address of this machine: the server cannot bind it, and nothing connects
        // anywhere. The warning is said before binding, from the configured URLs.
        var logs = await StartOnAsync("http://192.0.2.1:0", configure: null);
        Assert.Contains(logs.Entries, e => e.Contains("Security: the gateway listens beyond this machine (http://192.0.2.1:0) without client tokens", StringComparison.Ordinal));

        var withTokens = await StartOnAsync("http://192.0.2.1:0", TwoClients);
        Assert.DoesNotContain(withTokens.Entries, e => e.Contains("listens beyond this machine", StringComparison.Ordinal));

        await using var loopback = await TestGateway.StartAsync();
        Assert.DoesNotContain(loopback.Logs.Entries, e => e.Contains("listens beyond this machine", StringComparison.Ordinal));
    }

    private static async Task<LogSink> StartOnAsync(string urls, Action<GatewayOptions>? configure)
    {
        var logs = new LogSink();
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(urls);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Services.AddWeQuickGateway(configure: o =>
            {
                o.DataDirectory = dir;
                configure?.Invoke(o);
            }).UseSqlite();
            await using var app = builder.Build();
            app.UseWeQuickGateway();
            try
            {
                await app.StartAsync();
                await app.StopAsync();
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                // Expected: the address is not this machine's.
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        return logs;
    }
}
