using System.Collections.Frozen;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WeQuick.Gateway.Http.Api;

namespace WeQuick.Gateway.Http;

/// <summary>
/// What keeps web pages out, the same with or without API keys: the <c>Host</c> header must be one of the gateway's
/// own names (against DNS rebinding); a request to <c>/api</c> that carries an <c>Origin</c> (a browser's) must come
/// from the gateway's own origin or a configured one; a body sent to <c>/api</c> must have the content type its
/// endpoint declares (JSON), which a page cannot send cross-origin without a preflight.
/// </summary>
internal sealed partial class BrowserSafety(IServer server, IConfiguration configuration, IOptions<GatewayOptions> options, TimeProvider time, ILogger<BrowserSafety> logger)
{
    // Refusals are logged at most once a minute each, with how many were held back since.
    private readonly LogSampler _badHostLines = new(time, TimeSpan.FromMinutes(1));
    private readonly LogSampler _badOriginLines = new(time, TimeSpan.FromMinutes(1));

    /// <summary>The CORS policy's name; it exists only when <c>Gateway:Http:Cors:Origins</c> lists origins.</summary>
    public const string CorsPolicy = "wequick-console";

    private static readonly string[] JsonOnly = ["application/json"];

    /// <summary>Suffixes no one can register in public DNS: a page cannot be served from them by a stranger.</summary>
    private static readonly string[] PrivateSuffixes = [".localhost", ".local", ".lan", ".internal", ".home.arpa"];

    private HostRules? _hosts;
    private FrozenSet<string>? _origins;

    /// <summary>The host names accepted, worked out once the server listens (its addresses count).</summary>
    private HostRules Hosts => Volatile.Read(ref _hosts) ?? Interlocked.CompareExchange(ref _hosts, BuildHostRules(), null) ?? _hosts!;

    private FrozenSet<string> Origins => _origins ??= options.Value.Http.AllowedOrigins.Concat(options.Value.Http.Cors.Origins)
        .Select(Normalize).OfType<string>().ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Says at start which host names are accepted, when that matters (listening beyond loopback, or any host).</summary>
    public void LogStart()
    {
        var rules = Hosts;
        if (rules.Any)
        {
            LogAnyHost(logger);
        }
        else if (rules.BeyondLoopback)
        {
            LogHosts(logger, rules.Local ? "an IP address, a name without a dot or under .local, .lan, .internal or .home.arpa, or " : string.Empty, string.Join(", ", rules.Names.Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>The host filter: every request, the client endpoints' too. Cheap: no allocation for an accepted host.</summary>
    public Task CheckHostAsync(HttpContext context, RequestDelegate next)
    {
        var rules = Hosts;
        if (rules.Any || rules.Accepts(context.Request.Headers.Host.ToString()))
        {
            return next(context);
        }

        if (_badHostLines.TryLog(out var heldBack))
        {
            LogBadHost(logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.Headers.Host.ToString(), heldBack);
        }

        return ApiProblems.BadRequest("invalid-host", "Unknown host name",
            "this gateway does not answer to the name in the Host header; an operator adds names the gateway is reached by in Gateway:Http:AllowedHosts (or AllowedHosts)").ExecuteAsync(context);
    }

    /// <summary>The developer API's browser rules: the origin of a browser's request, and the content type of a body.</summary>
    public Task CheckApiAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(request, origin))
        {
            if (_badOriginLines.TryLog(out var heldBack))
            {
                LogBadOrigin(logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", origin, request.Method, request.Path.Value ?? string.Empty, heldBack);
            }

            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "origin-not-allowed", "Origin not allowed",
                $"a browser page from {origin} may not call this gateway's API; the gateway's own origin is allowed, and an operator adds others in Gateway:Http:AllowedOrigins (streams) or Gateway:Http:Cors:Origins (CORS)").ExecuteAsync(context);
        }

        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true }
            && request.ContentLength is not 0)
        {
            var declared = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes;
            var accepted = declared is { Count: > 0 } ? declared : JsonOnly;
            if (!IsAccepted(request.ContentType, accepted))
            {
                var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
                return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type",
                    $"{request.Method} {request.Path} takes a body of type {string.Join(" or ", accepted)}; the request sent {sent}").ExecuteAsync(context);
            }
        }

        return next(context);
    }

    /// <summary>Whether a browser page of <paramref name="origin"/> may call: the gateway's own origin, or a configured one.</summary>
    internal bool IsAllowedOrigin(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // "null" (a sandboxed frame, a file) and anything unparsable.
            return false;
        }

        var host = request.Host;
        var port = host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        if (string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == port)
        {
            return true;
        }

        return Normalize(origin) is { } normalized && Origins.Contains(normalized);
    }

    private static bool IsAccepted(string? contentType, IReadOnlyList<string> accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var sent) || sent.MediaType.Value is not { } media)
        {
            return false;
        }

        foreach (var type in accepted)
        {
            if (string.Equals(media, type, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) && media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An origin as <c>scheme://host:port</c>, lower case, with the port always written; null when it is none.</summary>
    private static string? Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;

    private HostRules BuildHostRules()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var beyondLoopback = false;
        var listened = new List<string>();
        foreach (var address in addresses)
        {
            if (ListenAddresses.Host(address) is not { } host || ListenAddresses.IsLoopback(host))
            {
                continue;
            }

            // Beyond loopback: any address (*, +, 0.0.0.0, a LAN address), or a name, which is then one of the gateway's.
            beyondLoopback = true;
            if (host is not ("*" or "+") && !IPAddress.TryParse(host, out _))
            {
                listened.Add(host);
            }
        }

        // The standard AllowedHosts setting, when set, is the whole list (as ASP.NET Core's own host filter reads it).
        var standard = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (standard is { Length: > 0 })
        {
            return HostRules.From(standard, local: false, beyondLoopback);
        }

        // The defaults: a Host that is an IP address, a name without a dot (a container's, a machine's on the LAN) or a
        // name under a private-use suffix cannot be an attacker's public domain, so it cannot come from DNS rebinding.
        string[] defaults = ["localhost", Dns.GetHostName()];
        return HostRules.From([.. defaults, .. listened, .. options.Value.Http.AllowedHosts], local: true, beyondLoopback);
    }

    /// <summary>The accepted host names: exact names, <c>*.</c> suffixes, IP addresses, or anything.</summary>
    private sealed class HostRules
    {
        private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _names;
        private readonly string[] _suffixes;

        private HostRules(FrozenSet<string> names, string[] suffixes, bool any, bool local, bool beyondLoopback)
        {
            Names = names;
            _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
            _suffixes = suffixes;
            Any = any;
            Local = local;
            BeyondLoopback = beyondLoopback;
        }

        public FrozenSet<string> Names { get; }

        public bool Any { get; }

        /// <summary>IP addresses, names without a dot and names under a private-use suffix are accepted.</summary>
        public bool Local { get; }

        public bool BeyondLoopback { get; }

        public static HostRules From(IEnumerable<string> entries, bool local, bool beyondLoopback)
        {
            var names = new List<string>();
            var suffixes = new List<string>();
            var any = false;
            foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
            {
                if (entry == "*")
                {
                    any = true;
                }
                else if (entry.StartsWith("*.", StringComparison.Ordinal))
                {
                    suffixes.Add(entry[1..]);
                }
                else
                {
                    names.Add(entry.TrimEnd('.'));
                }
            }

            return new HostRules(names.ToFrozenSet(StringComparer.OrdinalIgnoreCase), [.. suffixes], any, local, beyondLoopback);
        }

        /// <summary>Whether a <c>Host</c> header's value (a name or address, and a port) is accepted.</summary>
        public bool Accepts(ReadOnlySpan<char> header)
        {
            if (header.IsEmpty)
            {
                // HTTP/1.0 sends none; no browser does.
                return true;
            }

            ReadOnlySpan<char> host;
            if (header[0] == '[')
            {
                var close = header.IndexOf(']');
                if (close < 0)
                {
                    return false;
                }

                if (Local && IPAddress.TryParse(header[1..close], out _))
                {
                    return true;
                }

                host = header[..(close + 1)];
            }
            else
            {
                var colon = header.IndexOf(':');
                host = colon < 0 ? header : header[..colon];
                if (Local && IPAddress.TryParse(host, out _))
                {
                    return true;
                }
            }

            if (host.EndsWith('.'))
            {
                host = host[..^1];
            }

            if (_names.Contains(host))
            {
                return true;
            }

            if (Local && !host.IsEmpty && (!host.Contains('.') || EndsWithAny(host, PrivateSuffixes)))
            {
                return true;
            }

            return EndsWithAny(host, _suffixes);
        }

        private static bool EndsWithAny(ReadOnlySpan<char> host, string[] suffixes)
        {
            foreach (var suffix in suffixes)
            {
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Refused a browser request from {Remote} with Origin {Origin}: {Method} {Path} (not the gateway's own origin nor in Gateway:Http:AllowedOrigins or Gateway:Http:Cors:Origins); {HeldBack} more refused for their origin since the last such line, which is logged at most once a minute")]
    private static partial void LogBadOrigin(ILogger logger, string remote, string origin, string method, string path, long heldBack);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Refused a request from {Remote} for host {Host}: not one of the gateway's names (add it to Gateway:Http:AllowedHosts if clients use it); {HeldBack} more refused for their host since the last such line, which is logged at most once a minute")]
    private static partial void LogBadHost(ILogger logger, string remote, string host, long heldBack);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Listening beyond loopback: requests are answered when their Host header is {Addresses}one of: {Names}. Clients that reach the gateway by another name need it in Gateway:Http:AllowedHosts")]
    private static partial void LogHosts(ILogger logger, string addresses, string names);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "AllowedHosts is '*': any Host header is accepted, so a web page can reach the gateway through DNS rebinding. List the gateway's names instead, or leave AllowedHosts unset for the defaults")]
    private static partial void LogAnyHost(ILogger logger);
}
