using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway;

/// <summary>Which configured client a token belongs to (<see cref="GatewayOptions.Clients"/>).</summary>
internal sealed class ClientCredentials(IOptions<GatewayOptions> options)
{
    private readonly List<ClientCredential> _clients = options.Value.Clients;

    /// <summary>Whether any client credential is configured: then every client request needs a token.</summary>
    public bool Required => _clients.Count > 0;

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
}
