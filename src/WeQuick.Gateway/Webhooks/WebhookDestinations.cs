using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// The webhook egress policy at the HTTP edge: resolves <see cref="WebhookEgress.Auto"/> from where the gateway
/// listens, checks a URL when a webhook is registered, and makes the delivery client's connections: the name is
/// resolved here, every address it resolves to is checked, and only a checked address is connected to (so a name
/// that changes its answer between the check and the connection, DNS rebinding, gains nothing).
/// </summary>
internal sealed class WebhookDestinations(IOptions<GatewayOptions> options, IServiceProvider services)
{
    private EgressPolicy? _resolved;

    /// <summary>The policy in force. Auto is settled once the server's addresses are known; until then it is Public.</summary>
    public EgressPolicy Policy
    {
        get
        {
            if (_resolved is { } known)
            {
                return known;
            }

            var o = options.Value.Webhooks;
            if (o.Egress != WebhookEgress.Auto)
            {
                return _resolved = new EgressPolicy(o.Egress, o.AllowedDestinations);
            }

            var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is null || addresses.Count == 0)
            {
                return new EgressPolicy(WebhookEgress.Public, o.AllowedDestinations);
            }

            return _resolved = new EgressPolicy(addresses.All(ListensOnLoopback) ? WebhookEgress.Any : WebhookEgress.Public, o.AllowedDestinations);
        }
    }

    /// <summary>Why a webhook may not be registered with <paramref name="url"/>, or null.</summary>
    public string? RefuseUrl(Uri url) => Policy.RefuseHost(url.Host);

    /// <summary>The delivery client's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var policy = Policy;
        var host = context.DnsEndPoint.Host;
        var allowedByName = policy.AllowsHost(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            if (policy.RefuseName(host) is { } named)
            {
                throw new EgressRefusedException(named);
            }

            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }

        if (!allowedByName)
        {
            foreach (var address in addresses)
            {
                // One refused address refuses the name: its answers may be picked from in any order.
                if (policy.RefuseAddress(address) is { } reason)
                {
                    throw new EgressRefusedException(reason);
                }
            }
        }

        SocketException? failed = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failed = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failed ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static bool ListensOnLoopback(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return true;
        }

        var host = binding.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}

/// <summary>A connection the egress policy refused; its message is the short reason.</summary>
internal sealed class EgressRefusedException : Exception
{
    public EgressRefusedException(string reason)
        : base(reason)
    {
    }

    public EgressRefusedException()
    {
    }

    public EgressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
