namespace WeQuick.Gateway;

/// <summary>
/// What browsers and other HTTP callers may reach (configuration section <c>Gateway:Http</c>): the origins a browser
/// page may call the developer API and the live stream from, the host names the gateway answers to, and CORS.
/// </summary>
public sealed class HttpOptions
{
    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) besides the gateway's own from which a browser page may open the live
    /// stream or send a request to <c>/api</c>. Empty by default: only pages the gateway serves itself.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Host names accepted in the <c>Host</c> header besides the defaults (loopback names, IP addresses, this machine's
    /// name and the hosts of the listen URLs). A name may start with <c>*.</c> for its subdomains. The standard top-level
    /// <c>AllowedHosts</c> setting, when set, replaces the defaults and this list.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>CORS for a console served from another origin (<c>Gateway:Http:Cors</c>); off by default.</summary>
    public CorsSettings Cors { get; set; } = new();

    /// <summary>The errors in these settings, for the options validator.</summary>
    internal IEnumerable<string> Validate()
    {
        foreach (var origin in AllowedOrigins.Concat(Cors.Origins))
        {
            if (!IsOrigin(origin))
            {
                yield return $"Gateway:Http:AllowedOrigins and Gateway:Http:Cors:Origins take origins such as https://console.example.com or http://localhost:3000 (scheme, host and port only), got '{origin}'";
            }
        }

        foreach (var host in AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
            {
                yield return $"Gateway:Http:AllowedHosts takes host names without scheme or port (for example gateway.lan or *.example.com), got '{host}'";
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> is an http(s) origin: scheme, host and an optional port, nothing else.</summary>
    internal static bool IsOrigin(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && !text!.EndsWith('/')
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}

/// <summary>CORS settings (<c>Gateway:Http:Cors</c>).</summary>
public sealed class CorsSettings
{
    /// <summary>
    /// Origins whose pages may call the API with CORS (preflights answered, <c>Access-Control-Allow-Origin</c> sent).
    /// Empty by default: CORS is off and no preflight is answered.
    /// </summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
