using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using WeQuick.Gateway;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Storage.Sqlite;

namespace WeQuick.Cli.Gateway;

/// <summary>
/// The composition of <c>wequick serve</c>: settings from <c>appsettings.json</c>, then <c>WEQUICK_</c>
/// environment variables, then the command line; the gateway on the SQLite store.
/// </summary>
internal static class GatewayServer
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <param name="urls">Where to listen; null for the settings' <c>Urls</c> or the default.</param>
    /// <param name="dataDirectory">The data folder; null for the settings' or the default.</param>
    /// <param name="overrides">Settings that win over every other source.</param>
    /// <param name="handleSignals">
    /// True when the gateway is the process (<c>serve</c>): Ctrl-C and SIGTERM stop it. False when it is one part of
    /// a process that stops its parts itself in order (<c>demo</c>: the agent drains into the gateway first).
    /// </param>
    public static WebApplication Build(string? urls, string? dataDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null, bool handleSignals = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            // Settings are read once at start. Reloading them on change would watch the whole content root (the
            // current folder, where ./data is by default), and every write to the log would wake the watcher.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddEnvironmentVariables("WEQUICK_");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (dataDirectory is not null)
        {
            settings[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.DataDirectory)}"] = dataDirectory;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var listen = urls ?? builder.Configuration["Urls"] ?? DefaultUrls;
        builder.WebHost.UseUrls(listen);

        // One gateway per data folder: taken before anything opens the store, let go when the app is disposed.
        var folder = builder.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.DataDirectory)}"] ?? new GatewayOptions().DataDirectory;
        var hold = string.IsNullOrWhiteSpace(folder) ? null : DataFolderLock.Acquire(folder, listen);
        try
        {
            return Compose(builder, hold, handleSignals);
        }
        catch
        {
            hold?.Dispose();
            throw;
        }
    }

    private static WebApplication Compose(WebApplicationBuilder builder, DataFolderLock? hold, bool handleSignals)
    {
        if (hold is not null)
        {
            // Created by the container's factory, so the container disposes it with the app.
            builder.Services.AddSingleton(_ => hold);
        }

        if (handleSignals)
        {
            builder.Host.UseConsoleLifetime(o => o.SuppressStatusMessages = true);
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        }
        // Per-request framework logs would drown the gateway's own lines; raise them in appsettings.json when debugging.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        QuietStartFailures(builder.Services);
        builder.Services.AddWeQuickGateway(builder.Configuration.GetSection(GatewayOptions.SectionName)).UseSqlite();
        var app = builder.Build();
        if (hold is not null)
        {
            _ = app.Services.GetRequiredService<DataFolderLock>();
            // The addresses actually bound (a port 0 becomes the real one) replace the configured ones.
            app.Lifetime.ApplicationStarted.Register(() => hold.Record(string.Join(", ", app.Urls)));
        }

        app.UseWeQuickGateway();
        return app;
    }

    /// <summary>
    /// A start failure the command says in one line (an address in use) is left out of the console log, where the host
    /// would first print it with its stack trace.
    /// </summary>
    private static void QuietStartFailures(IServiceCollection services)
    {
        var console = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is null)
        {
            return;
        }

        services.Remove(console);
        services.AddSingleton<ILoggerProvider>(sp => new QuietStartFailureLoggerProvider(
            new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>())));
    }
}

/// <summary>The lifetime of a host that its owner starts and stops: it listens to no signal.</summary>
internal sealed class OwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
