using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>One Server-Sent Events frame: its id, event name, data and comment lines.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, IReadOnlyList<string> Comments)
{
    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();
}

/// <summary>A consumer of <c>/api/v1/events/sse</c>, reading frames as an EventSource would.</summary>
public sealed class SseConsumer : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseConsumer(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    /// <summary>Connects; with <paramref name="receiveBufferBytes"/>, over a socket with that small a kernel receive buffer.</summary>
    public static async Task<SseConsumer> OpenAsync(Uri baseAddress, string query, string? lastEventId = null, int? receiveBufferBytes = null, string? apiKey = null)
    {
        var http = receiveBufferBytes is { } bytes
            ? new HttpClient(WsConsumer.SmallReceiveBuffer(bytes)) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan }
            : new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/sse" + query);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"SSE answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return new SseConsumer(http, response, reader);
    }

    /// <summary>The next frame (comment-only frames included); fails after the deadline or at the end of the stream.</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        string? id = null, name = null;
        StringBuilder? data = null;
        var comments = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token);
            Assert.True(line is not null, "the SSE stream ended");
            if (line.Length == 0)
            {
                if (id is null && name is null && data is null && comments.Count == 0)
                {
                    continue;
                }

                return new SseFrame(id, name, data?.ToString(), comments);
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                (data ??= new StringBuilder()).Append(line[6..]);
            }
        }
    }

    /// <summary>The next frame that carries an event (heartbeats skipped).</summary>
    public async Task<SseFrame> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await NextAsync(timeout);
            if (frame.Data is not null)
            {
                return frame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>A consumer of <c>/api/v1/events/ws</c>.</summary>
public sealed class WsConsumer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker? _invoker;

    private WsConsumer(ClientWebSocket socket, HttpMessageInvoker? invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket Socket => _socket;

    /// <summary>
    /// Connects; with <paramref name="receiveBufferBytes"/>, over a socket whose kernel receive buffer is that
    /// small, so a consumer that stops reading stalls the gateway's sends after little data.
    /// </summary>
    public static async Task<WsConsumer> OpenAsync(Uri baseAddress, string query, int? receiveBufferBytes = null, string? apiKey = null)
    {
        var socket = new ClientWebSocket();
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }

        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/api/v1/events/ws", Query = query.TrimStart('?') }.Uri;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        HttpMessageInvoker? invoker = null;
        if (receiveBufferBytes is { } bytes)
        {
            invoker = new HttpMessageInvoker(SmallReceiveBuffer(bytes));
            await socket.ConnectAsync(uri, invoker, cts.Token);
        }
        else
        {
            await socket.ConnectAsync(uri, cts.Token);
        }

        return new WsConsumer(socket, invoker);
    }

    /// <summary>A handler whose connections have a kernel receive buffer of <paramref name="bytes"/>.</summary>
    internal static SocketsHttpHandler SmallReceiveBuffer(int bytes) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = bytes };
            try
            {
                await s.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(s, ownsSocket: true);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        },
    };

    /// <summary>The next text message, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // A well-behaved client completes the closing handshake.
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
                }

                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>The next event message (heartbeats skipped), or null when the server closed the socket.</summary>
    public async Task<JsonElement?> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await NextAsync(timeout);
            if (message is not { } m || !m.TryGetProperty("type", out _))
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        _invoker?.Dispose();
    }
}
