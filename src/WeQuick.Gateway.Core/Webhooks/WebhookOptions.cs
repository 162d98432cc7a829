using Microsoft.Extensions.Options;

namespace WeQuick.Gateway;

/// <summary>Settings of webhook delivery (configuration section <c>Gateway:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long one delivery attempt may take (connect, send and the response's headers).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many tries an event gets before it is dead-lettered (the first try included); null (the default) for no
    /// count: an event is then given up on only when the receiver has been failing for <see cref="RetryWindow"/>.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// How long a receiver may keep failing before the event it fails on is dead-lettered. Delivery is ordered, so
    /// while it fails nothing behind that event is sent; the window counts from the first failed try of the outage
    /// (<c>downSince</c>), across restarts. Once it has passed, each further event gets one try until one is delivered.
    /// </summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait after the first failed try; it doubles after each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries (so a receiver that comes back gets its events within about this long).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long rows of the delivery log (one per try) are kept; older ones are pruned by the periodic sweep.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Which destinations webhooks may be delivered to, checked when a webhook is registered and at each connection,
    /// after DNS resolution. Link-local, cloud metadata, unspecified, multicast, broadcast and reserved addresses are
    /// refused in every mode unless <see cref="AllowedDestinations"/> names them.
    /// </summary>
    public WebhookEgress Egress { get; set; } = WebhookEgress.Auto;

    /// <summary>
    /// Destinations allowed whatever <see cref="Egress"/> says: host names (exact, case-insensitive, as written in the
    /// webhook's URL), IP addresses and CIDR ranges (for example <c>10.0.5.0/24</c>).
    /// </summary>
    public List<string> AllowedDestinations { get; set; } = [];

    /// <summary>How many events are read from the log at a time.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>How many webhooks may be registered.</summary>
    public int MaxWebhooks { get; set; } = 100;
}

/// <summary>Which destinations webhooks may be delivered to (<c>Gateway:Webhooks:Egress</c>).</summary>
public enum WebhookEgress
{
    /// <summary><see cref="Any"/> while the gateway listens on loopback only (a bot on the same machine), else <see cref="Public"/>.</summary>
    Auto = 0,

    /// <summary>Public addresses only.</summary>
    Public = 1,

    /// <summary>Public and private addresses (RFC 1918, fc00::/7, 100.64.0.0/10); not loopback.</summary>
    PublicAndPrivate = 2,

    /// <summary>Public, private and loopback addresses.</summary>
    Any = 3,
}

/// <summary>Checks the stream and webhook settings at start.</summary>
internal sealed class StreamAndWebhookOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var s = options.Stream;
        var w = options.Webhooks;
        if (s.HeartbeatInterval <= TimeSpan.Zero || s.CloseTimeout <= TimeSpan.Zero)
        {
            errors.Add("Gateway:Stream:HeartbeatInterval and Gateway:Stream:CloseTimeout must be positive");
        }

        if (s.BufferSize < 1 || s.PageSize < 1)
        {
            errors.Add("Gateway:Stream:BufferSize and Gateway:Stream:PageSize must be at least 1");
        }

        if (s.RecentEvents < 0 || s.RecentBytes < 0)
        {
            errors.Add("Gateway:Stream:RecentEvents and Gateway:Stream:RecentBytes must not be negative");
        }

        if (w.Timeout <= TimeSpan.Zero || w.InitialBackoff <= TimeSpan.Zero || w.MaxBackoff < w.InitialBackoff)
        {
            errors.Add("Gateway:Webhooks:Timeout and InitialBackoff must be positive, and MaxBackoff at least InitialBackoff");
        }

        if (w.MaxAttempts < 1 || w.PageSize < 1 || w.MaxWebhooks < 1)
        {
            errors.Add("Gateway:Webhooks:MaxAttempts, PageSize and MaxWebhooks must be at least 1");
        }

        if (w.RetryWindow <= TimeSpan.Zero || w.DeliveryRetention <= TimeSpan.Zero)
        {
            errors.Add("Gateway:Webhooks:RetryWindow and DeliveryRetention must be positive");
        }

        if (!Enum.IsDefined(w.Egress))
        {
            errors.Add("Gateway:Webhooks:Egress must be Auto, Public, PublicAndPrivate or Any");
        }

        if (!Webhooks.EgressPolicy.TryParse(w.AllowedDestinations, out _, out var bad))
        {
            errors.Add($"Gateway:Webhooks:AllowedDestinations: '{bad}' is not a host name, an IP address or a CIDR range");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
