using System.Net;
using System.Net.Sockets;
using WeQuick.Cli.Demo;
using WeQuick.Protocol;

namespace WeQuick.Sdk.Tests.Support;

/// <summary>A gateway and a simulated world on loopback (the demo host, without background traffic), shared by the live tests.</summary>
public sealed class LiveGateway : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wequick-sdk-tests-" + Guid.NewGuid().ToString("N"));

    internal DemoHost Host { get; private set; } = null!;

    public WeQuickClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await StartHostAsync(_dir, "http://127.0.0.1:0");
        Client = new WeQuickClient(Host.BaseUrl, Host.ApiKey);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        TryDelete(_dir);
    }

    internal static async Task<DemoHost> StartHostAsync(string dataDirectory, string urls)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await DemoHost.StartAsync(
            new DemoOptions { DataDirectory = dataDirectory, Urls = urls, Accounts = 3, Seed = 1, Rate = 0, Pacing = false, LongPoll = TimeSpan.FromSeconds(1), Interface = InterfaceGenerations.V1 },
            TextWriter.Null,
            timeout.Token);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveGatewayGroup : ICollectionFixture<LiveGateway>
{
    public const string Name = "live gateway";
}

/// <summary>Waiting on conditions with a deadline, never on fixed sleeps.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after the deadline.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> condition, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        var delay = 20;
        while (true)
        {
            if (await condition() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(delay);
            delay = Math.Min(delay * 2, 250);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        GetAsync(async () => await condition() ? string.Empty : null, what, timeout);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);
}
