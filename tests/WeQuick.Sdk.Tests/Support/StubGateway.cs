using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WeQuick.Sdk.Tests.Support;

/// <summary>A scripted stand-in for the gateway's stream endpoints on loopback, to drive the stream through cut-offs, restarts and refusals exactly.</summary>
internal sealed class StubGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubGateway(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The <c>after</c> of every WebSocket connection, in order.</summary>
    public ConcurrentQueue<long> Connections { get; } = new();

    /// <summary>The Authorization header of every request.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static async Task<StubGateway> StartAsync(Func<int, long, WebSocket, Task> serveSocket, RequestDelegate? other = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        StubGateway? stub = null;
        var connections = 0;
        app.Run(async http =>
        {
            stub!.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
            if (http.Request.Path == "/api/v1/events/ws" && http.WebSockets.IsWebSocketRequest && other is null)
            {
                var after = long.Parse(http.Request.Query["after"].ToString() is { Length: > 0 } a ? a : "0", CultureInfo.InvariantCulture);
                stub.Connections.Enqueue(after);
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await serveSocket(Interlocked.Increment(ref connections) - 1, after, socket);
                return;
            }

            if (other is not null)
            {
                await other(http);
                return;
            }

            http.Response.StatusCode = 404;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StubGateway(app, new Uri(address));
        return stub;
    }

    public static string Event(long seq, string text = "hi") =>
        $$$"""{"seq":{{{seq}}},"kind":"reportTextMessage","source":"client","account":"wxid_bot","instance":"local/127.0.0.1/1","receivedAt":"2026-01-01T08:00:00+00:00","data":{"kind":"reportTextMessage","account":"wxid_bot","msgType":1,"myMsg":false,"wxidFrom":"wxid_friend","wxidTo":"wxid_bot","message":"{{{text}}}"}}""";

    public static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Keeps the socket open until the consumer closes it.</summary>
    public static async Task HoldAsync(WebSocket socket)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
