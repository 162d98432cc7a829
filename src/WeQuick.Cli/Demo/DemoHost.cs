using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Agent;
using WeQuick.Agent.Simulation;
using WeQuick.Cli.Gateway;
using WeQuick.Gateway;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Cli.Demo;

/// <summary>What <c>wequick demo</c> (and the tests that drive the SDK and the samples) run.</summary>
internal sealed record DemoOptions
{
    /// <summary>The gateway's data folder (the SQLite file is inside).</summary>
    public string DataDirectory { get; init; } = Path.Combine("data", "demo");

    /// <summary>Where the gateway listens; port 0 takes a free one.</summary>
    public string Urls { get; init; } = GatewayServer.DefaultUrls;

    /// <summary>Simulated accounts, each in its own WeChat process, all logged in through the QR flow.</summary>
    public int Accounts { get; init; } = 3;

    /// <summary>The world's seed: the same seed gives the same people, rooms and ids.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Background traffic (room chatter, friends' messages, joins, transfers) in reports per second; 0 for none.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>The weights of the background traffic; busy rooms by default.</summary>
    public string Mix { get; init; } = "room=60,text=10,pic=6,voice=3,gif=4,url=3,file=2,card=1,system=2,transfer=3,friendRequest=3,join=3";

    /// <summary>The gateway's send pacing (anti-ban); the tests switch it off.</summary>
    public bool Pacing { get; init; } = true;

    /// <summary>
    /// How long the gateway holds an idle poll (long-poll; a command queued meanwhile answers it at once). Kept
    /// short because a client's first poll after a login carries the new wxid, which is what binds the account.
    /// </summary>
    public TimeSpan LongPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long logging in may take before the demo gives up.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Which generation of the interface the simulated clients speak: V2 (the default), V1, or
    /// <see cref="InterfaceGenerations.Both"/> for a mixed world (the accounts alternate, the first V2).
    /// </summary>
    public InterfaceGenerations Interface { get; init; } = InterfaceGenerations.V2;

    /// <summary>The gateway's own log level (its console lines); the world and agent log warnings only.</summary>
    public LogLevel GatewayLogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>
/// The whole system in one process: the gateway on SQLite, the WeQuick agent with a simulated world as its
/// WeChat, meeting only on the wire (the agent is given the gateway's client URLs, as a real client is).
/// Every account is logged in through the developer API the way a developer would: ask for the login QR,
/// then the simulated phone scans it. An admin API key is created for the developer API.
/// </summary>
internal sealed class DemoHost : IAsyncDisposable
{
    /// <summary>The file in the data folder that keeps the demo's key, so a restarted demo prints the same one.</summary>
    public const string KeyFile = "demo-api-key";

    private readonly WebApplication _app;
    private readonly WeQuickAgent _agent;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _listed = new(StringComparer.Ordinal);
    private Task _load = Task.CompletedTask;
    private int _disposed;

    private DemoHost(DemoOptions options, WebApplication app, Uri baseUrl, SimulatedWeChat world, WeQuickAgent agent, ILoggerFactory loggers, string apiKey)
    {
        Options = options;
        _app = app;
        BaseUrl = baseUrl;
        World = world;
        _agent = agent;
        _loggers = loggers;
        ApiKey = apiKey;
        // The accounts whose client has delivered its friend list to the gateway (reportContact, or reportContacts from a
        // second-generation client, whose lists the gateway's contact view may not show).
        agent.Delivered += (_, report) =>
        {
            if (report is ContactReport or ContactsReport && report.Account is { } account)
            {
                _listed[account] = true;
            }
        };
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>The newest event's seq in the gateway's log (0 when it is empty).</summary>
    public Task<long> LatestSeqAsync(CancellationToken cancellationToken) => _app.Services.GetRequiredService<IGatewayStore>().LatestSeqAsync(cancellationToken);

    public DemoOptions Options { get; }

    /// <summary>The gateway, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>An admin API key, created at start.</summary>
    public string ApiKey { get; }

    /// <summary>An HTTP client on <see cref="BaseUrl"/> that sends <see cref="ApiKey"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>The simulated world: accounts, people, rooms, and what the people received.</summary>
    public SimulatedWeChat World { get; }

    /// <summary>Every account, logged in, in the order they logged in.</summary>
    public IReadOnlyList<string> Accounts { get; private set; } = [];

    /// <summary>The first account: the one a bot or the printed <c>curl</c> speaks as.</summary>
    public string Account => Accounts[0];

    /// <summary>A friend of <see cref="Account"/> who is a simulated person (not an account).</summary>
    public string Friend { get; private set; } = string.Empty;

    /// <summary>Starts everything and logs every account in; <paramref name="log"/> gets one line per step.</summary>
    public static async Task<DemoHost> StartAsync(DemoOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= TextWriter.Null;
        var app = GatewayServer.Build(options.Urls, options.DataDirectory, Settings(options), handleSignals: false);
        DemoHost? host = null;
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

            var key = await DemoKeyAsync(app.Services.GetRequiredService<IGatewayStore>(), options.DataDirectory, cancellationToken);

            var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }));
            var world = new SimulatedWeChat(new WorldOptions { Seed = options.Seed, Accounts = options.Accounts, LoggedOut = true, Interface = options.Interface });
            var agent = new WeQuickAgent(
                new AgentOptions
                {
                    ReceiveUrl = new Uri(baseUrl, "receive_msg"),
                    SendUrl = new Uri(baseUrl, "send_msg"),
                    PollInterval = TimeSpan.FromMilliseconds(500),
                    Interface = options.Interface == InterfaceGenerations.V1 ? InterfaceGenerations.V1 : InterfaceGenerations.V2,
                },
                world,
                loggers: loggers);
            host = new DemoHost(options, app, baseUrl, world, agent, loggers, key);
            agent.Start();
            await host.LogInWithDeadlineAsync(log, cancellationToken);
            host.StartTraffic();
            return host;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            else
            {
                await app.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary><see cref="Friend"/> (or <paramref name="friend"/>) sends <see cref="Account"/> a text.</summary>
    public void FriendSays(string text, string? friend = null) =>
        World.Incoming(IncomingKind.Text, Account, from: friend ?? Friend, text: text);

    /// <summary>What the accounts sent <paramref name="person"/>, oldest first.</summary>
    public IReadOnlyList<SimDelivery> ReceivedBy(string person) => World.ReceivedBy(person);

    /// <summary>Waits until <paramref name="person"/> has received a message matching <paramref name="match"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<SimDelivery> WaitForReceivedAsync(string person, Func<SimDelivery, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var arrived = new TaskCompletionSource<SimDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReceived(SimDelivery d)
        {
            if (d.To == person && match(d))
            {
                arrived.TrySetResult(d);
            }
        }

        World.PersonReceived += OnReceived;
        try
        {
            if (World.ReceivedBy(person).FirstOrDefault(match) is { } already)
            {
                return already;
            }

            return await arrived.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var got = World.ReceivedBy(person);
            throw new TimeoutException($"{person} received no matching message within {timeout.TotalSeconds:0.#} s; received {got.Count}: "
                + string.Join(" | ", got.TakeLast(5).Select(d => $"{d.Kind} {d.Text}")));
        }
        finally
        {
            World.PersonReceived -= OnReceived;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _load;
        await _agent.StopAsync();
        await _agent.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Http.Dispose();
        _loggers.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// The demo's admin key: the one kept in the data folder when it is still valid there, else a new one, kept for
    /// next time. Keeping it means a bot or a shell started with the printed key goes on working across demo restarts.
    /// The file is readable by its owner only; delete the data folder (or revoke the key) to end it.
    /// </summary>
    private static async Task<string> DemoKeyAsync(IGatewayStore store, string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, KeyFile);
        if (File.Exists(path) && (await File.ReadAllTextAsync(path, cancellationToken)).Trim() is { Length: > 0 } kept
            && await store.FindApiKeyAsync(ApiKeys.Hash(kept), cancellationToken) is { IsRevoked: false, Scope: ApiScope.Admin })
        {
            return kept;
        }

        var key = ApiKeys.Generate();
        var now = TimeProvider.System.GetUtcNow();
        await store.CreateApiKeyAsync(ApiKeys.ToRecord(key, $"demo-{now:yyyyMMdd-HHmmss-fff}", ApiScope.Admin, now), cancellationToken);
        await File.WriteAllTextAsync(path, key + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    private static Dictionary<string, string?> Settings(DemoOptions o) => new()
    {
        ["Gateway:Pacing:Enabled"] = o.Pacing ? "true" : "false",
        ["Gateway:DefaultLongPoll"] = o.LongPoll.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = o.GatewayLogLevel.ToString(),
        ["Logging:LogLevel:Microsoft"] = "Warning",
        // The demo reports a failure to start in one line of its own; the key it creates ends open mode at once.
        ["Logging:LogLevel:Microsoft.Extensions.Hosting"] = "None",
        ["Logging:LogLevel:WeQuick.Gateway.Auth.OpenModeWarning"] = "None",
    };

    /// <summary>For each WeChat process: ask the gateway for its login QR (as a developer would), then scan it with the simulated phone.</summary>
    private async Task LogInWithDeadlineAsync(TextWriter log, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.LoginTimeout);
        try
        {
            await LogInAsync(log, deadline.Token);
        }
        catch (TimeoutException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private async Task LogInAsync(TextWriter log, CancellationToken token)
    {
        var pids = World.Pids;
        await WaitAsync(async () => (await OnlinePidsAsync(token)).IsSupersetOf(pids), "every WeChat process to poll the gateway", token);
        var accounts = new List<string>();
        foreach (var pid in pids)
        {
            using var qr = await Http.PostAsync($"api/v1/instances/{pid}/login-qr?wait=10", null, token);
            var record = await ReadJsonAsync(qr, token);
            if (!qr.IsSuccessStatusCode || record.GetProperty("state").GetString() != "completed")
            {
                throw new InvalidOperationException($"getLoginQrCode for pid {pid} did not complete: {(int)qr.StatusCode} {record}");
            }

            await log.WriteLineAsync($"pid {pid}: login QR received (GET {new Uri(BaseUrl, $"api/v1/instances/{pid}/qr.png")}); scanning it with the simulated phone");
            var wxid = World.Scan(pid);
            await WaitAsync(async () => await LoggedInAsync(wxid, token), $"{wxid} to show as logged in", token);
            await log.WriteLineAsync($"pid {pid}: logged in as {wxid} ({World.Person(wxid)?.Nick})");
            accounts.Add(wxid);
        }

        Accounts = accounts;
        Friend = World.FirstPersonFriendOf(accounts[0]) ?? throw new InvalidOperationException($"{accounts[0]} has no simulated friend");
        if (ListsAtLogin)
        {
            // The gateway asked each client for its lists as the account logged in; ready means they are there.
            foreach (var wxid in accounts)
            {
                await WaitAsync(async () => _listed.ContainsKey(wxid) || await HasContactsAsync(wxid, token) || await HasListedAsync(wxid, token), $"the contacts of {wxid}, asked for at its login", token);
            }
        }
    }

    /// <summary>Whether the gateway asks a client for its contacts and rooms when an account logs in (Gateway:RefreshOnLogin).</summary>
    public bool ListsAtLogin => _app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RefreshOnLogin;

    /// <summary>
    /// Whether the log holds a friend list a second-generation client of the account reported (in this run or an earlier
    /// one on the same data folder: an account still logged in from then is not asked again).
    /// </summary>
    private async Task<bool> HasListedAsync(string wxid, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/v1/events?account={Uri.EscapeDataString(wxid)}&kind=reportContacts&limit=1", cancellationToken);
        return response.IsSuccessStatusCode && (await ReadJsonAsync(response, cancellationToken)).GetProperty("items").EnumerateArray()
            .Any(e => e.TryGetProperty("kind", out var k) && k.GetString() == "reportContacts");
    }

    private async Task<bool> HasContactsAsync(string wxid, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/v1/accounts/{wxid}/contacts?limit=1", cancellationToken);
        return response.IsSuccessStatusCode && (await ReadJsonAsync(response, cancellationToken)).GetProperty("items").GetArrayLength() > 0;
    }

    private void StartTraffic()
    {
        if (Options.Rate <= 0)
        {
            return;
        }

        var load = new LoadGenerator(World, Options.Rate, LoadMix.Parse(Options.Mix), new Random(Options.Seed + 1), TimeProvider.System, _loggers.CreateLogger("wequick.demo.traffic"));
        _load = Task.Run(() => load.RunAsync(_stop.Token), CancellationToken.None);
    }

    private async Task<HashSet<int>> OnlinePidsAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync("api/v1/instances", cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        return [.. body.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("online").ValueKind == JsonValueKind.True)
            .Select(i => i.GetProperty("pid").GetInt32())];
    }

    private async Task<bool> LoggedInAsync(string wxid, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/v1/accounts/{wxid}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var account = await ReadJsonAsync(response, cancellationToken);
        return account.TryGetProperty("loggedIn", out var l) && l.ValueKind == JsonValueKind.True
            && account.TryGetProperty("online", out var o) && o.ValueKind == JsonValueKind.True;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return doc.RootElement.Clone();
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        try
        {
            while (!await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"gave up waiting for {what}");
        }
    }
}
