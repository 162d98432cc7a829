using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    public static WebApplication Build(string? urls, string? dataDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = [],
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
        builder.WebHost.UseUrls(urls ?? builder.Configuration["Urls"] ?? DefaultUrls);
        builder.Host.UseConsoleLifetime(o => o.SuppressStatusMessages = true);
        // Per-request framework logs would drown the gateway's own lines; raise them in appsettings.json when debugging.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddWeQuickGateway(builder.Configuration.GetSection(GatewayOptions.SectionName)).UseSqlite();
        var app = builder.Build();
        app.MapWeQuickGateway();
        return app;
    }
}
