using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WeQuick.Agent.Simulation;
using WeQuick.Cli;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 5's "done when": what a developer does with only the docs. An API key from <c>wequick keys create</c>,
/// the login QR code through the API, the phone scans it, a webhook and the live stream, a text to a
/// friend, and the friend's reply arriving on both — all over HTTP, the simulated world playing WeChat.
/// </summary>
public sealed class DeveloperStoryTests
{
    [Fact]
    public async Task With_only_the_docs_a_developer_logs_in_sends_a_text_and_gets_the_reply_on_a_webhook_and_on_the_stream()
    {
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 1, loggedOut: true);
        var gateway = rig.Gateway;

        // wequick keys create --scope admin: works on the data folder while the gateway runs, prints the key once.
        using var keyOut = new StringWriter();
        using var keyErr = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["keys", "create", "--scope", "admin", "--name", "story", "--data", gateway.DataDirectory], TextReader.Null, keyOut, keyErr));
        var key = keyOut.ToString().Trim();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using (var anonymous = await http.GetAsync("/api/v1/accounts"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // The logged-out WeChat polls as an instance; ask it for its login QR code and fetch the image.
        var pid = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                var instances = (await SendAsync(http, HttpMethod.Get, "/api/v1/instances")).GetProperty("items");
                pid = instances.EnumerateArray().Where(i => i.GetProperty("online").GetBoolean()).Select(i => i.GetProperty("pid").GetInt32()).FirstOrDefault();
                return pid > 0;
            },
            () => "the logged-out instance should show up in GET /api/v1/instances");
        var qr = await SendAsync(http, HttpMethod.Post, $"/api/v1/instances/{pid}/login-qr?wait=20");
        Assert.Equal("completed", qr.GetProperty("state").GetString());
        using (var image = await http.GetAsync($"/api/v1/instances/{pid}/qr.png"))
        {
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await image.Content.ReadAsByteArrayAsync())[..4]);
        }

        // The phone scans it; the account shows as logged in.
        var me = rig.World.Scan(pid);
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.GetAsync($"/api/v1/accounts/{me}");
                return response.IsSuccessStatusCode
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("loginState").GetString() == "loggedIn";
            },
            () => $"GET /api/v1/accounts/{me} should show loginState loggedIn after the scan");

        // A webhook for the account's text messages, with a secret the receiver checks; and the live stream.
        const string secret = "a-secret-of-the-developer-0123";
        await using var receiver = await WebhookReceiver.StartAsync(secret: secret);
        var hook = await SendAsync(http, HttpMethod.Post, "/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}","kinds":["reportTextMessage"],"accounts":["{{me}}"],"secret":"{{secret}}"}""", HttpStatusCode.Created);
        Assert.Equal(secret, hook.GetProperty("secret").GetString());
        await using var stream = await WsConsumer.OpenAsync(gateway.BaseAddress, $"?account={me}&kind=reportTextMessage", apiKey: key);

        // A friend from the contact list gets a text.
        Assert.Equal("completed", (await SendAsync(http, HttpMethod.Post, $"/api/v1/accounts/{me}/contacts/refresh?wait=20", """{"flag":1}""")).GetProperty("state").GetString());
        var friends = (await SendAsync(http, HttpMethod.Get, $"/api/v1/accounts/{me}/contacts?type=friend")).GetProperty("items");
        var friend = friends[0].GetProperty("wxid").GetString()!;
        var sent = await SendAsync(http, HttpMethod.Post, $"/api/v1/accounts/{me}/messages?wait=20", $$"""{"type":"text","to":"{{friend}}","text":"你好，在吗？"}""");
        Assert.Equal("completed", sent.GetProperty("state").GetString());
        Assert.Equal("1", sent.GetProperty("sendResult").GetString());

        // The friend answers.
        const string reply = "在的，收到你的消息了";
        rig.World.Incoming(IncomingKind.Text, me, from: friend, text: reply);

        // On the stream: the reply (the account's own sent text may come first).
        JsonElement streamed;
        while (true)
        {
            streamed = (await stream.NextEventAsync(TimeSpan.FromSeconds(30)))
                ?? throw new InvalidOperationException("the stream closed before the reply came");
            if (streamed.GetProperty("data").GetProperty("message").GetString() == reply)
            {
                break;
            }
        }

        Assert.Equal(me, streamed.GetProperty("account").GetString());
        Assert.Equal(friend, streamed.GetProperty("data").GetProperty("wxidFrom").GetString());

        // On the webhook: the same event, signed with the secret.
        ReceivedDelivery? delivered = null;
        await Eventually.TrueAsync(
            () =>
            {
                delivered = receiver.Delivered.FirstOrDefault(d => d.Event.GetProperty("data").GetProperty("message").GetString() == reply);
                return Task.FromResult(delivered is not null);
            },
            () => $"the reply never reached the webhook; it got {receiver.Requests.Count} requests",
            TimeSpan.FromSeconds(30));
        Assert.True(delivered!.SignatureValid, "the webhook delivery's signature does not verify with the secret");
        Assert.True(WebhookReceiver.Verify(secret, delivered.Timestamp, delivered.Body, delivered.Signature));
        Assert.Equal(streamed.GetProperty("seq").GetInt64(), delivered.Seq);
        Assert.Equal("reportTextMessage", delivered.Kind);
        Assert.Equal(me, delivered.Account);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
