using System.Net;

namespace WeQuick.Gateway;

/// <summary>What a listen URL (<c>--urls</c>, <c>Kestrel:Endpoints</c>, the server's addresses) says about who can reach it.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// The host part of a listen URL, without the brackets of an IPv6 address (<c>http://0.0.0.0:8080</c> →
    /// <c>0.0.0.0</c>, <c>http://[::1]:80</c> → <c>::1</c>, <c>http://*:80</c> → <c>*</c>); a URL without a scheme is read
    /// as <c>host:port</c>. Null for a Unix socket or a named pipe.
    /// </summary>
    public static string? Host(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme < 0 ? url : url[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? rest[1..] : rest[1..close];
        }

        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Whether a listen URL reaches beyond this machine: any host but <c>localhost</c> and loopback addresses (a Unix socket does not).</summary>
    public static bool BeyondLoopback(string url) => Host(url) is { } host && !IsLoopback(host);

    /// <summary>Whether a listen host is this machine only: <c>localhost</c> or a loopback address.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
