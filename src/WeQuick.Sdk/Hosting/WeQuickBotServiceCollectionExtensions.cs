using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeQuick.Sdk;

/// <summary>Registers a <see cref="WeQuickBot"/> as a hosted service.</summary>
public static class WeQuickBotServiceCollectionExtensions
{
    /// <summary>
    /// Registers a bot: its options, the <see cref="WeQuickBot"/> (a singleton, logging through the host's
    /// <see cref="ILoggerFactory"/>) and a hosted service that runs it from host start to host stop.
    /// The options are checked when the bot is first resolved.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (the gateway, the key, the cursor …).</param>
    /// <param name="build">Registers handlers and middleware; gets the service provider for handlers that need services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWeQuickBot(this IServiceCollection services, Action<WeQuickBotOptions> configure, Action<WeQuickBot, IServiceProvider> build)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(build);
        services.AddOptions<WeQuickBotOptions>().Configure(configure);
        services.AddSingleton(sp =>
        {
            var bot = new WeQuickBot(sp.GetRequiredService<IOptions<WeQuickBotOptions>>().Value, sp.GetService<ILoggerFactory>());
            build(bot, sp);
            return bot;
        });
        services.AddHostedService<WeQuickBotService>();
        return services;
    }

    /// <summary>Registers a bot (see the other overload) whose handlers need no services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="build">Registers handlers and middleware.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWeQuickBot(this IServiceCollection services, Action<WeQuickBotOptions> configure, Action<WeQuickBot> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return services.AddWeQuickBot(configure, (bot, _) => build(bot));
    }
}

/// <summary>Runs the registered <see cref="WeQuickBot"/> while the host runs.</summary>
internal sealed class WeQuickBotService(WeQuickBot bot) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => bot.RunAsync(stoppingToken);
}
