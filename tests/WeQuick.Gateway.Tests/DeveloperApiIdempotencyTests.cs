using System.Net;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests;

/// <summary>An Idempotency-Key makes a retried request harmless: one command, the first result returned again.</summary>
public sealed class DeveloperApiIdempotencyTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private TestGateway Gateway => shared.Gateway;

    private const string Text = """{"type":"text","to":"wxid_friend","text":"only once"}""";

    private async Task<(TestClient Client, string Me)> LoggedInAsync()
    {
        var pid = shared.NextPid();
        var me = $"wxid_idem{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        return (client, me);
    }

    [Fact]
    public async Task The_same_key_twice_makes_one_command_and_returns_it_again()
    {
        var (client, me) = await LoggedInAsync();
        var first = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", Text, "retry-1");
        var second = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", Text, "retry-1");
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Id, second.Id);

        var command = Assert.Single(await client.PollUntilAnyAsync());
        await client.ExecuteAsync(command);
        await Gateway.WaitForCommandAsync(first.Id, "completed");

        // A retry after the command finished gets its finished record, and still nothing new.
        var third = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages?wait=5", Text, "retry-1");
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal("completed", third.State);
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_still_make_one_command()
    {
        var (client, me) = await LoggedInAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", Text, "burst")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(7, answers.Count(a => a.Replayed));
        Assert.Single(await client.PollUntilAnyAsync());
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task A_key_reused_for_a_different_request_is_refused()
    {
        var (client, me) = await LoggedInAsync();
        var first = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", Text, "k-2");
        var other = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend","text":"something else"}""", "k-2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("urn:wequick:problem:idempotency-key-reused", other.ProblemType);
        Assert.Contains(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(await client.PollUntilAnyAsync());
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_endpoint_and_the_account()
    {
        var (client, me) = await LoggedInAsync();
        var (otherClient, other) = await LoggedInAsync();
        var a = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages", Text, "shared-key");
        var b = await Gateway.SendAsync("POST", $"/api/v1/accounts/{other}/messages", Text, "shared-key");
        var c = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/contacts/wxids", null, "shared-key");
        Assert.Equal(3, new[] { a.Id, b.Id, c.Id }.Distinct().Count());
        Assert.False(b.Replayed || c.Replayed);
        var mine = new List<WeQuick.Protocol.Command>();
        await Eventually.TrueAsync(async () => { mine.AddRange(await client.PollAsync()); return mine.Count >= 2; }, () => "two commands for the first account");
        Assert.Single(await otherClient.PollUntilAnyAsync());
    }

    [Fact]
    public async Task The_raw_commands_endpoint_honours_the_key_too()
    {
        var (client, me) = await LoggedInAsync();
        var body = $$$"""{"target":"{{{me}}}","api":"sendTextMessage","option":{"wxid":"wxid_friend","text":"raw"}}""";
        var first = await Gateway.SendAsync("POST", "/api/v1/commands", body, "raw-1");
        var second = await Gateway.SendAsync("POST", "/api/v1/commands", body, "raw-1");
        Assert.Equal(first.Id, second.Id);
        Assert.True(second.Replayed);
        Assert.Single(await client.PollUntilAnyAsync());
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Keys_survive_a_restart()
    {
        var data = TestGateway.NewDataDirectory();
        long id;
        await using (var gateway = await TestGateway.StartAsync(dataDirectory: data))
        {
            await gateway.Client(777).LogInAsync("wxid_restart");
            id = (await gateway.SendAsync("POST", "/api/v1/accounts/wxid_restart/messages", Text, "across-restart")).Id;
        }

        await using (var gateway = await TestGateway.StartAsync(dataDirectory: data))
        {
            var again = await gateway.SendAsync("POST", "/api/v1/accounts/wxid_restart/messages?queue=true", Text, "across-restart");
            Assert.Equal(HttpStatusCode.Accepted, again.Status);
            Assert.Equal(id, again.Id);
            Assert.True(again.Replayed);
        }

        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_key_an_earlier_build_scoped_to_its_route_is_found_under_its_command_after_the_upgrade() =>
        await TestGateway.WithDataDirectoryAsync(async data =>
        {
            // Keys as the builds before schema 7 scoped them: to the endpoint's method and route. The same key used on the typed endpoint and on
            // POST /api/v1/commands for one command and target: after the upgrade both name one scope, and one stays.
            const string Wire = """{"api":"sendTextMessage","sendId":"5","option":{"wxid":"wxid_friend","text":"only once"}}""";
            await TestGateway.WriteDatabaseAtVersionAsync(data, 5, $$"""
                INSERT INTO commands (id, target, api, wire, state, redeliverable, deliveries, created_at) VALUES (5, 'wxid_old', 'sendTextMessage', '{{Wire}}', 0, 0, 0, 1);
                INSERT INTO commands (id, target, api, wire, state, redeliverable, deliveries, created_at) VALUES (6, 'wxid_old', 'sendTextMessage', '{{Wire}}', 0, 0, 0, 2);
                INSERT INTO idempotency_keys VALUES ('POST /api/v1/accounts/{wxid}/messages wxid_old', 'old-key', 'h5', 5, 1);
                INSERT INTO idempotency_keys VALUES ('POST /api/v1/commands wxid_old', 'old-key', 'h6', 6, 2);
                """);
            await using var gateway = await TestGateway.StartAsync(dataDirectory: data);

            // A different request with the old key, through the other form of the same command: refused, naming the first command.
            var reused = await gateway.SendAsync("POST", "/api/v1/commands", """{"target":"wxid_old","api":"sendTextMessage","option":{"wxid":"wxid_friend","text":"something else"}}""", "old-key");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
            Assert.Contains("command 5", reused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

            await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, Storage.Sqlite.SqliteGatewayStore.FileName)};Pooling=False");
            await db.OpenAsync();
            await using var query = db.CreateCommand();
            query.CommandText = "SELECT scope FROM idempotency_keys WHERE key = 'old-key' ORDER BY command_id";
            var scopes = new List<string>();
            await using (var rows = await query.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    scopes.Add(rows.GetString(0));
                }
            }

            Assert.Equal(["sendTextMessage wxid_old", "POST /api/v1/commands wxid_old"], scopes);
            await gateway.StopAsync();
        });
}
