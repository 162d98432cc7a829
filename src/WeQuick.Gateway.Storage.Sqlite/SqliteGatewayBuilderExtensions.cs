using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteGatewayBuilderExtensions
{
    /// <summary>Keeps the gateway's data in one SQLite file inside the configured data folder.</summary>
    public static IGatewayBuilder UseSqlite(this IGatewayBuilder builder, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteStoreOptions>();
        options.Configure<IOptions<GatewayOptions>>((sqlite, gateway) =>
        {
            sqlite.DataDirectory = gateway.Value.DataDirectory;
            sqlite.Durable = gateway.Value.DurableCommits;
            sqlite.CheckpointInterval = gateway.Value.CheckpointInterval;
            sqlite.MaxDatabaseBytes = gateway.Value.MaxDatabaseBytes;
        });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<IGatewayStore>(sp => new SqliteGatewayStore(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<SqliteGatewayStore>()));
        builder.Services.AddSingleton<IWebhookStore>(sp => new SqliteWebhookStore((SqliteGatewayStore)sp.GetRequiredService<IGatewayStore>()));
        builder.Services.AddSingleton<IClientBindingStore>(sp => new SqliteClientBindingStore((SqliteGatewayStore)sp.GetRequiredService<IGatewayStore>()));
        return builder;
    }

    /// <summary>Opens a store directly (for tools such as <c>wequick rebuild</c>).</summary>
    public static IGatewayStore OpenStore(SqliteStoreOptions options) => new SqliteGatewayStore(options);
}
