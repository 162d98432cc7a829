using Microsoft.Extensions.Logging;

namespace WeQuick.Sdk;

/// <summary>Where the gateway is and how to talk to it.</summary>
public sealed class WeQuickClientOptions
{
    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer …</c>; null for a gateway in open mode (loopback, no key created yet).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one HTTP request may take (a command's <see cref="CommandOptions.Wait"/> is added to it). Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for timeouts and reconnect backoff.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs reconnects of the event stream; null for none.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Called each time the event stream reconnects (after a cut-off, a gateway restart, a network error).</summary>
    public Action<StreamReconnect>? OnReconnect { get; set; }

    internal Uri RequireBaseUrl() =>
        BaseUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException("WeQuickClientOptions.BaseUrl must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8080", nameof(BaseUrl));
}
