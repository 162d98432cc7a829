using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// Where webhooks may be delivered: each address is put in a class (public, private, loopback, or one that is never
/// a receiver: link-local, cloud metadata, unspecified, multicast, broadcast, reserved), and the mode says which
/// classes are allowed. The allow-list (host names, addresses, CIDR ranges) wins over both. The webhook front end
/// checks a URL's host when a webhook is registered and every resolved address before it connects.
/// </summary>
internal sealed class EgressPolicy
{
    // Names that answer with a cloud instance's credentials wherever they resolve.
    private static readonly HashSet<string> MetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("192.0.0.192"), IPAddress.Parse("fd00:ec2::254"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly List<IPNetwork> _allowedNetworks;
    private readonly HashSet<string> _allowedHosts;

    public EgressPolicy(WebhookEgress mode, IEnumerable<string> allowed)
    {
        if (mode == WebhookEgress.Auto)
        {
            throw new ArgumentException("resolve Auto to a mode first", nameof(mode));
        }

        Mode = mode;
        if (!TryParse(allowed, out var list, out var bad))
        {
            throw new ArgumentException($"'{bad}' is not a host name, an IP address or a CIDR range", nameof(allowed));
        }

        _allowedNetworks = list.Networks;
        _allowedHosts = list.Hosts;
    }

    /// <summary>The mode in force (never <see cref="WebhookEgress.Auto"/>).</summary>
    public WebhookEgress Mode { get; }

    /// <summary>Reads an allow-list; false with the first entry that is neither a host name, an address nor a CIDR range.</summary>
    public static bool TryParse(IEnumerable<string> entries, out (List<IPNetwork> Networks, HashSet<string> Hosts) parsed, out string? bad)
    {
        parsed = ([], new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        bad = null;
        foreach (var raw in entries)
        {
            var entry = raw?.Trim() ?? string.Empty;
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (!IPNetwork.TryParse(entry, out var network))
                {
                    bad = raw;
                    return false;
                }

                parsed.Networks.Add(network);
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var address) && entry.Contains(address.AddressFamily == AddressFamily.InterNetworkV6 ? ':' : '.', StringComparison.Ordinal))
            {
                var single = Canonical(address);
                parsed.Networks.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                parsed.Hosts.Add(HostKey(entry));
            }
            else
            {
                bad = raw;
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the allow-list names <paramref name="host"/> (as written in the URL).</summary>
    public bool AllowsHost(string host) => _allowedHosts.Contains(HostKey(host));

    /// <summary>
    /// Why a URL's host is refused before anything is resolved, or null. An address literal is checked as an address;
    /// a name only when it is a metadata or a loopback name (others are checked once resolved, at delivery).
    /// </summary>
    public string? RefuseHost(string host)
    {
        if (AllowsHost(host))
        {
            return null;
        }

        var literal = host.Trim('[', ']');
        if (IPAddress.TryParse(literal, out var address))
        {
            return RefuseAddress(address);
        }

        var key = HostKey(host);
        if (MetadataNames.Contains(key))
        {
            return "cloud metadata";
        }

        if (key == "localhost" || key.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return Allows(EgressClass.Loopback) ? null : Reason(EgressClass.Loopback);
        }

        return null;
    }

    /// <summary>Why a host name is refused before it is resolved (a cloud metadata name), or null; its addresses are checked once resolved.</summary>
    public string? RefuseName(string host) => !AllowsHost(host) && MetadataNames.Contains(HostKey(host)) ? "cloud metadata" : null;

    /// <summary>Why a resolved address is refused, or null when it may be connected to.</summary>
    public string? RefuseAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var canonical = Canonical(address);
        if (_allowedNetworks.Exists(n => n.Contains(canonical)))
        {
            return null;
        }

        var kind = Classify(canonical);
        return Allows(kind) ? null : Reason(kind);
    }

    /// <summary>What kind of destination <paramref name="address"/> is.</summary>
    public static EgressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = Canonical(address);
        if (Array.Exists(MetadataAddresses, m => m.Equals(a)))
        {
            return EgressClass.Metadata;
        }

        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            a.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => EgressClass.Unspecified,
                127 => EgressClass.Loopback,
                10 => EgressClass.Private,
                169 when b[1] == 254 => EgressClass.LinkLocal,
                172 when b[1] is >= 16 and <= 31 => EgressClass.Private,
                192 when b[1] == 168 => EgressClass.Private,
                100 when b[1] is >= 64 and <= 127 => EgressClass.Private,
                >= 224 and <= 239 => EgressClass.Multicast,
                255 when b[1] == 255 && b[2] == 255 && b[3] == 255 => EgressClass.Broadcast,
                >= 240 => EgressClass.Reserved,
                _ => EgressClass.Public,
            };
        }

        if (a.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return EgressClass.Reserved;
        }

        if (a.Equals(IPAddress.IPv6Any))
        {
            return EgressClass.Unspecified;
        }

        if (a.Equals(IPAddress.IPv6Loopback))
        {
            return EgressClass.Loopback;
        }

        if (Nat64.Contains(a))
        {
            // A NAT64 gateway reaches the IPv4 address in the last four bytes: that address is what counts.
            Span<byte> b6 = stackalloc byte[16];
            a.TryWriteBytes(b6, out _);
            return Classify(new IPAddress(b6[12..]));
        }

        Span<byte> v6 = stackalloc byte[16];
        a.TryWriteBytes(v6, out _);
        return v6[0] switch
        {
            0xff => EgressClass.Multicast,
            0xfe when (v6[1] & 0xc0) == 0x80 => EgressClass.LinkLocal,
            0xfe when (v6[1] & 0xc0) == 0xc0 => EgressClass.Private,
            0xfc or 0xfd => EgressClass.Private,
            0 => EgressClass.Reserved,
            _ => EgressClass.Public,
        };
    }

    /// <summary>The short reason a refusal names.</summary>
    public static string Reason(EgressClass kind) => kind switch
    {
        EgressClass.LinkLocal => "link-local",
        EgressClass.Metadata => "cloud metadata",
        EgressClass.Unspecified => "unspecified address",
        EgressClass.Multicast => "multicast",
        EgressClass.Broadcast => "broadcast",
        EgressClass.Reserved => "reserved address",
        EgressClass.Loopback => "loopback",
        EgressClass.Private => "private address",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private bool Allows(EgressClass kind) => kind switch
    {
        EgressClass.Public => true,
        EgressClass.Private => Mode is WebhookEgress.PublicAndPrivate or WebhookEgress.Any,
        EgressClass.Loopback => Mode == WebhookEgress.Any,
        _ => false,
    };

    private static IPAddress Canonical(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    private static string HostKey(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}

/// <summary>What kind of destination an address is, for the egress policy.</summary>
internal enum EgressClass
{
    Public,
    Private,
    Loopback,
    LinkLocal,
    Metadata,
    Unspecified,
    Multicast,
    Broadcast,
    Reserved,
}
