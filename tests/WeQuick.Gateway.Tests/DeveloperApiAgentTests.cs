using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Cli;
using WeQuick.Cli.Gateway;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The story a developer follows with only the docs page: <c>wequick serve</c>, a <c>wequick agent</c> with a
/// logged-out simulated account, the login QR code through the API, then contacts and a text message.
/// </summary>
public sealed class DeveloperApiAgentTests
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Through_wequick_serve_an_account_logs_in_by_qr_code_and_sends_a_text_with_the_typed_endpoints(string generation)
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            await using var app = GatewayServer.Build("http://127.0.0.1:0", dir);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

            using (var openapi = await http.GetAsync("/openapi/v1.json"))
            {
                Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
            }

            using (var docs = await http.GetAsync("/docs"))
            {
                Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
            }

            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var agent = CliApp.RunAsync(
                ["agent", "--receive", $"{address}/recieve_msg", "--send", $"{address}/send_msg", "--accounts", "1", "--logged-out", "--auto-scan", "0.2",
                    "--duration", "12", "--poll-interval", "50", "--interface", generation],
                TextReader.Null, stdout, stderr);

            // The instance polls before login; ask it for its QR code and fetch the image.
            var pid = 0;
            await Eventually.TrueAsync(async () =>
            {
                var list = await GetAsync(http, "/api/v1/instances");
                var instances = list.GetProperty("items");
                pid = instances.GetArrayLength() == 1 && instances[0].GetProperty("online").GetBoolean() ? instances[0].GetProperty("pid").GetInt32() : 0;
                return pid > 0;
            }, () => "the agent's instance should poll");
            var qr = await PostAsync(http, $"/api/v1/instances/{pid}/login-qr?wait=20", null);
            Assert.Equal("completed", qr.GetProperty("state").GetString());
            if (generation == "v1")
            {
                // The first generation answers with reportLoginQrCode, which carries the command's sendId.
                Assert.StartsWith("data:image/png;base64,", qr.GetProperty("answer").GetProperty("data").GetProperty("message").GetString(), StringComparison.Ordinal);
            }


            // The simulated phone scans it; the account logs in.
            string? me = null;
            await Eventually.TrueAsync(async () =>
            {
                var accounts = (await GetAsync(http, "/api/v1/accounts")).GetProperty("items");
                me = accounts.EnumerateArray().Where(a => a.GetProperty("loginState").GetString() == "loggedIn").Select(a => a.GetProperty("wxid").GetString()).FirstOrDefault();
                return me is not null;
            }, () => "the account should log in after the scan");

            // Every list (the second generation asks for them with three commands, and ?wait= waits for all of them).
            var contacts = await PostAsync(http, $"/api/v1/accounts/{me}/contacts/refresh?wait=20", "{}");
            Assert.Equal("completed", contacts.GetProperty("state").GetString());
            string? friend = null;
            await Eventually.TrueAsync(async () =>
            {
                var friends = (await GetAsync(http, $"/api/v1/accounts/{me}/contacts?type=friend")).GetProperty("items");
                friend = friends.EnumerateArray().Select(f => f.GetProperty("wxid").GetString()).FirstOrDefault();
                return friend is not null;
            }, () => "the account's friends should be listed");

            var sent = await PostAsync(http, $"/api/v1/accounts/{me}/messages?wait=20", $$"""{"type":"text","to":"{{friend}}","text":"你好，来自 REST"}""");
            Assert.Equal("completed", sent.GetProperty("state").GetString());
            Assert.Equal("1", sent.GetProperty("sendResult").GetString());

            if (generation == "v1")
            {
                var info = await PostAsync(http, $"/api/v1/accounts/{me}/contacts/info?wait=20", $$"""{"wxids":["{{friend}}"]}""");
                Assert.Equal(friend, info.GetProperty("answer").GetProperty("data").GetProperty("userLists")[0].GetProperty("wxid").GetString());
            }
            else
            {
                // The second generation looks one contact up with getSingleContact.
                var single = await PostAsync(http, $"/api/v1/accounts/{me}/contacts/{friend}/refresh?wait=20", null);
                Assert.Equal("completed", single.GetProperty("state").GetString());
                Assert.Equal("getSingleContact", single.GetProperty("api").GetString());
            }

            Assert.Equal(0, await agent);
            Assert.True(stderr.ToString().Length == 0 || !stderr.ToString().Contains("fail", StringComparison.OrdinalIgnoreCase), stderr.ToString());
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string? json)
    {
        using var content = new StringContent(json ?? string.Empty, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, json is null ? null : content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
