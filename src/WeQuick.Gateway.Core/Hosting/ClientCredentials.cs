using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway;

/// <summary>
/// Who may be a client: which configured client a token belongs to (<see cref="GatewayOptions.Clients"/>), and which
/// addresses may use the client endpoints at all (<see cref="GatewayOptions.ClientAddresses"/>).
/// </summary>
internal sealed partial class ClientCredentials(IOptions<GatewayOptions> options, ILogger<ClientCredentials> logger)
{
    private readonly List<ClientCredential> _clients = options.Value.Clients;
    private readonly IPNetwork[] _addresses = [.. options.Value.ClientAddresses.Select(ParseNetwork)];

    /// <summary>Whether any client credential is configured: then every client request needs a token.</summary>
    public bool Required => _clients.Count > 0;

    /// <summary>
    /// Whether <paramref name="remote"/> may use the client endpoints: any address when no allow-list is set, else
    /// one inside a listed network. A refusal is logged as a security event.
    /// </summary>
    public bool Allows(IPAddress? remote)
    {
        if (_addresses.Length == 0)
        {
            return true;
        }

        if (remote is not null)
        {
            var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            foreach (var network in _addresses)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }
        }

        LogAddressRefused(logger, remote?.ToString() ?? "unknown");
        return false;
    }

    /// <summary>The credential whose token is <paramref name="token"/>, compared in constant time against every one.</summary>
    public ClientCredential? Find(string token)
    {
        var given = Encoding.UTF8.GetBytes(token);
        ClientCredential? found = null;
        foreach (var c in _clients)
        {
            // Compare against every credential in constant time, so timing tells nothing about the tokens.
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(c.Token)))
            {
                found = c;
            }
        }

        return found;
    }

    /// <summary>An entry of <see cref="GatewayOptions.ClientAddresses"/>: an address (one host) or a network in CIDR form.</summary>
    internal static bool TryParseNetwork(string text, out IPNetwork network)
    {
        var value = text.Trim();
        if (value.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(value, out network);
        }

        if (IPAddress.TryParse(value, out var address))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }

    private static IPNetwork ParseNetwork(string text) =>
        TryParseNetwork(text, out var network) ? network : throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), [$"Gateway:ClientAddresses: '{text}' is not an address or a network (CIDR)"]);

    [LoggerMessage(EventId = 726, Level = LogLevel.Warning, Message = "Security: a client request from {Remote} was refused: the address is not in Gateway:ClientAddresses")]
    private static partial void LogAddressRefused(ILogger logger, string remote);
}
