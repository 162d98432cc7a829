using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>One request the receiver got, with what it answered and whether its signature checked out.</summary>
public sealed record ReceivedDelivery(long Seq, string Kind, string? Account, int Attempt, string WebhookId, bool SignatureValid, int Answered, JsonElement Event, string Timestamp, string Signature, byte[] Body);

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1: it checks every signature the way a developer would
/// (recomputing the HMAC from the secret, the timestamp header and the raw body) and answers as
/// <see cref="Behaviour"/> says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The secret to verify with; set once the webhook is created.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>What to answer a delivery (by event seq and attempt): a status code, or 0 to hang until the caller gives up.</summary>
    public Func<ReceivedDelivery, int> Behaviour { get; set; } = _ => 200;

    /// <summary>A text body to answer with (any status), as a receiver that explains its errors does; null for none.</summary>
    public string? AnswerBody { get; set; }

    public ConcurrentQueue<ReceivedDelivery> Requests { get; } = new();

    /// <summary>The deliveries answered 2xx, in the order they were answered.</summary>
    public IReadOnlyList<ReceivedDelivery> Delivered => [.. Requests.Where(r => r.Answered is >= 200 and < 300)];

    /// <summary>A port nothing listens on now (to start a receiver on later).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>What a receiver does: HMAC-SHA256 keyed with the secret over "timestamp.body", compared in constant time.</summary>
    public static bool Verify(string secret, string timestamp, byte[] body, string signature)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public static async Task<WebhookReceiver> StartAsync(int port = 0, Func<ReceivedDelivery, int>? behaviour = null, string secret = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            var headers = http.Request.Headers;
            var timestamp = headers["WeQuick-Timestamp"].ToString();
            var signature = headers["WeQuick-Signature"].ToString();
            var valid = Verify(self!.Secret, timestamp, bytes, signature);
            var e = JsonDocument.Parse(bytes).RootElement.Clone();
            var seq = long.Parse(headers["WeQuick-Event-Seq"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(e.GetProperty("seq").GetInt64(), seq);
            var probe = new ReceivedDelivery(
                seq,
                e.GetProperty("kind").GetString()!,
                e.TryGetProperty("account", out var a) ? a.GetString() : null,
                int.Parse(headers["WeQuick-Delivery-Attempt"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                headers["WeQuick-Webhook-Id"].ToString(),
                valid,
                0,
                e,
                timestamp,
                signature,
                bytes);
            var status = self.Behaviour(probe);
            if (status == 0)
            {
                // Slower than the gateway's timeout: hold until it gives up on this request.
                try
                {
                    using var hold = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, app.Lifetime.ApplicationStopping);
                    await Task.Delay(TimeSpan.FromSeconds(60), hold.Token);
                }
                catch (OperationCanceledException)
                {
                }

                self.Requests.Enqueue(probe);
                return Results.StatusCode(504);
            }

            self.Requests.Enqueue(probe with { Answered = status });
            return self.AnswerBody is { } text ? Results.Text(text, "text/plain", statusCode: status) : Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        self = new WebhookReceiver(app, address.Port) { Secret = secret };
        if (behaviour is not null)
        {
            self.Behaviour = behaviour;
        }

        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
