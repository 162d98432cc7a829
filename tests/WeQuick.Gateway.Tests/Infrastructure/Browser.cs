using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>
/// Headless Chromium driven through Playwright, for tests of the pages the gateway serves (the docs page, later the
/// web console). It runs the machine's own Chromium (never a browser Playwright would download) and lets a page
/// reach only loopback: every request to another host is refused and recorded in <see cref="Foreign"/>, which a test
/// asserts empty. Tests that need it are <see cref="BrowserFactAttribute"/>s: they skip when Chromium is absent.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>How to install what these tests need on Debian or Ubuntu (CI does it in .ci/run).</summary>
    public const string InstallCommand = "sudo apt-get install -y chromium";

    /// <summary>How long one step (a click, a wait for an element) may take: generous, for a busy machine.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ConcurrentQueue<string> _foreign = new();

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The Chromium to run: <c>WEQUICK_CHROMIUM</c> when set, else the distribution's; null when there is none.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Every URL a page of this browser asked for beyond loopback (each refused).</summary>
    public IReadOnlyCollection<string> Foreign => _foreign;

    /// <summary>Starts headless Chromium.</summary>
    public static async Task<Browser> StartAsync()
    {
        var path = Executable ?? throw new InvalidOperationException($"no Chromium on this machine; install it: {InstallCommand}");
        Assertions.SetDefaultExpectTimeout((float)StepTimeout.TotalMilliseconds);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Timeout = (float)StepTimeout.TotalMilliseconds,
                // As root (CI) Chromium runs only without its sandbox; the pages are the gateway's own.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return new Browser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page in a context of its own, which reaches loopback only.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ServiceWorkers = ServiceWorkerPolicy.Block });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }

            _foreign.Enqueue(route.Request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>Whether a URL a page asks for stays on this machine (loopback HTTP, or data and blob URLs).</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme is "data" or "blob" or "about")
        {
            return true;
        }

        return uri.Scheme is "http" or "https" && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("WEQUICK_CHROMIUM") is { Length: > 0 } chosen)
        {
            return File.Exists(chosen) ? chosen : null;
        }

        return Candidates.FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that drives <see cref="Browser"/>: skipped, with the command that installs it, when Chromium is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Executable is null)
        {
            Skip = $"Chromium is not installed; install it to run the browser tests: {Browser.InstallCommand}";
        }
    }
}
