using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage.Sqlite;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>A store that cannot write (a full disk) is refused visibly, logged once, and recovers by itself.</summary>
public sealed class StoreFaultTests
{
    [Fact]
    public async Task A_full_store_answers_503_shows_on_the_health_checks_is_logged_once_and_recovers_when_space_is_freed()
    {
        // The cap makes SQLite refuse to grow the file exactly as a full disk does (SQLITE_FULL).
        await using var gateway = await TestGateway.StartAsync(o => o.MaxDatabaseBytes = 3 * 1024 * 1024);
        var client = gateway.Client(4242);
        await client.LogInAsync("wxid_full");

        // Another tenant of the "disk" takes most of the space: a table of its own in the same file, written by a
        // connection the cap does not hold.
        await using var tenant = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDirectory, SqliteGatewayStore.FileName)};Pooling=False");
        await tenant.OpenAsync();
        await ExecuteAsync(tenant, "CREATE TABLE ballast (b BLOB); INSERT INTO ballast VALUES (zeroblob(1800000));");

        // Reports are acknowledged until the store is full; then every one is refused with 503 and Retry-After.
        var acknowledged = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 400 && refused is null; i++)
        {
            // Smaller than the API write below: once a report no longer fits, that write cannot either.
            var text = $"report {i} " + new string('x', 10_000);
            var response = await client.PostRawAsync(ReportEncoder.Encode(Message(text)), "application/json");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(text);
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.NotEmpty(acknowledged);
        using (refused)
        {
            await AssertUnavailableAsync(refused, problem: false);
        }

        // More refusals: the same answer, and no more errors in the log.
        for (var i = 0; i < 3; i++)
        {
            using var again = await client.PostRawAsync(ReportEncoder.Encode(Message("while full " + new string('y', 10_000))), "application/json");
            await AssertUnavailableAsync(again, problem: false);
        }

        // An API write is refused the same way, as a problem document (its text needs new pages: 30 KB of UTF-8).
        using (var command = await gateway.Http.PostAsync(
            "/api/v1/accounts/wxid_full/messages?queue=true",
            new StringContent($$"""{"type":"text","to":"wxid_friend","text":"{{new string('长', 10_000)}}"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            var body = await AssertUnavailableAsync(command, problem: true);
            Assert.Equal("urn:wequick:problem:store-unavailable", body.GetProperty("type").GetString());
        }

        // The health checks show the fault: /healthz (alive, degraded, and why), /readyz (not ready, 503).
        var health = await gateway.GetJsonAsync("/healthz");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("full", health.GetProperty("store").GetString(), StringComparison.Ordinal);
        using (var ready = await gateway.Http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.NotNull(ready.Headers.RetryAfter);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unavailable", body.GetProperty("status").GetString());
            Assert.Contains("full", body.GetProperty("store").GetString(), StringComparison.Ordinal);
        }

        // One error for the whole fault, and no second error about a rollback.
        var error = Assert.Single(gateway.Logs.Errors);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains("cannot rollback", StringComparison.OrdinalIgnoreCase));

        // Space comes back: the next report is taken, and the health checks say so.
        await ExecuteAsync(tenant, "DELETE FROM ballast;");
        await client.ReportAsync(Message("after the fault"));
        acknowledged.Add("after the fault");
        Assert.Equal("ok", (await gateway.GetJsonAsync("/healthz")).GetProperty("status").GetString());
        Assert.Equal("ready", (await gateway.GetJsonAsync("/readyz")).GetProperty("status").GetString());
        Assert.Single(gateway.Logs.Errors);

        // Every report acknowledged before (and after) the fault is in the log, and none of the refused ones.
        var logged = (await gateway.AllEventsAsync())
            .Where(e => e.GetProperty("kind").GetString() == "reportTextMessage")
            .Select(e => e.GetProperty("data").GetProperty("message").GetString()!)
            .ToList();
        Assert.Equal(acknowledged, logged);
    }

    private static TextMessageReport Message(string text) =>
        new() { Account = "wxid_full", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = "wxid_full", Message = text };

    private static async Task<JsonElement> AssertUnavailableAsync(HttpResponseMessage response, bool problem)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"answered {(int)response.StatusCode}: {text}");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal(problem ? "application/problem+json" : "application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Contains("full", body.GetProperty(problem ? "detail" : "error").GetString(), StringComparison.Ordinal);
        return body;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
