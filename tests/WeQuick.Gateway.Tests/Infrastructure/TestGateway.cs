using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Storage.Sqlite;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway on Kestrel, bound to 127.0.0.1 on a free port, over a fresh (or given) data folder,
/// with virtual time. Error logs are collected so a test can assert none happened.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;
    private bool _stopped;

    private TestGateway(WebApplication app, string dataDirectory, bool ownsData, FakeTimeProvider time, LogSink logs)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
        Time = time;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public LogSink Logs { get; }

    public IServiceProvider Services => _app.Services;

    public IGatewayStore Store => _app.Services.GetRequiredService<IGatewayStore>();

    public GatewayOptions Options => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value;

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "wequick-gateway-tests", Guid.NewGuid().ToString("N"));

    public static async Task<TestGateway> StartAsync(Action<GatewayOptions>? configure = null, string? dataDirectory = null, FakeTimeProvider? time = null)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var logs = new LogSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddWeQuickGateway(configure: o =>
        {
            o.DataDirectory = dataDirectory;
            o.MonitorInterval = TimeSpan.FromSeconds(1);
            // Pacing is on by default in production; tests that measure it turn it on themselves.
            o.Pacing.Enabled = false;
            // So is the refresh at login; tests that log accounts in count the commands they see, and the tests of
            // the refresh (RefreshOnLoginTests, and the browser's) turn it on themselves.
            o.RefreshOnLogin = false;
            configure?.Invoke(o);
        }).UseSqlite();
        var app = builder.Build();
        app.UseWeQuickGateway();
        await app.StartAsync();
        return new TestGateway(app, dataDirectory, ownsData, time, logs);
    }

    /// <summary>A simulated WeQuick client of this gateway.</summary>
    public TestClient Client(int pid, string? wxid = null, string prefix = "", string? queryToken = null) => new(Http, pid, wxid, prefix, queryToken);

    public async Task<JsonElement> PostCommandAsync(string target, string api, object? option = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/commands", new { target, api, option });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/v1/commands answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetCommandAsync(long id) => GetJsonAsync($"/api/v1/commands/{id}");

    public async Task<string> CommandStateAsync(long id) => (await GetCommandAsync(id)).GetProperty("state").GetString()!;

    /// <summary>Waits for a command to reach <paramref name="state"/>, and returns its record.</summary>
    public async Task<JsonElement> WaitForCommandAsync(long id, string state)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            last = await GetCommandAsync(id);
            return last.GetProperty("state").GetString() == state;
        }, () => $"command {id} did not reach {state}: {last}");
        return last;
    }

    public async Task<List<JsonElement>> AllEventsAsync()
    {
        var all = new List<JsonElement>();
        long after = 0;
        for (var page = 0; page < 10_000; page++)
        {
            var json = await GetJsonAsync($"/api/v1/events?cursor={after}&limit=1000");
            var events = json.GetProperty("items").EnumerateArray().ToList();
            if (events.Count == 0)
            {
                break;
            }

            all.AddRange(events);
            after = long.Parse(json.GetProperty("nextCursor").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }

        return all;
    }

    /// <summary>Advances virtual time and lets the monitor run for it.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Opens the data folder's store without a server (rebuild, inspection after stop).</summary>
    public static IGatewayStore OpenStore(string dataDirectory) => SqliteGatewayBuilderExtensions.OpenStore(new SqliteStoreOptions { DataDirectory = dataDirectory });

    /// <summary>Runs <paramref name="test"/> with a new data folder, and deletes the folder afterwards.</summary>
    public static async Task WithDataDirectoryAsync(Func<string, Task> test)
    {
        var dir = NewDataDirectory();
        try
        {
            await test(dir);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="test"/> on an initialized store in a new data folder, and deletes the folder afterwards.</summary>
    public static Task WithStoreAsync(Func<IGatewayStore, Task> test) => WithDataDirectoryAsync(async dir =>
    {
        var store = OpenStore(dir);
        await store.InitializeAsync(default);
        await test(store);
    });

    /// <summary>
    /// Writes the database an earlier build left at schema <paramref name="version"/> (WAL mode, migrations 1 to
    /// <paramref name="version"/>) into <paramref name="dataDirectory"/>, then runs <paramref name="rows"/> on it.
    /// </summary>
    public static async Task WriteDatabaseAtVersionAsync(string dataDirectory, int version, string rows)
    {
        Directory.CreateDirectory(dataDirectory);
        await using var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, SqliteGatewayStore.FileName)};Pooling=False");
        await old.OpenAsync();
        await using var cmd = old.CreateCommand();
        cmd.CommandText = $"PRAGMA journal_mode=WAL; CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES ({version});"
            + string.Concat(SqliteMigrations.Steps.Take(version))
            + rows;
        await cmd.ExecuteNonQueryAsync();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

/// <summary>Waits on a condition with a deadline; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because());
            }

            await Task.Delay(10);
        }
    }
}

/// <summary>Collects log entries at warning and above.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public IEnumerable<string> Errors => Entries.Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
