using Microsoft.Extensions.Options;

namespace WeQuick.Gateway;

/// <summary>Settings of webhook delivery (configuration section <c>Gateway:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long one delivery attempt may take (connect, send, response headers and up to 1 KiB of body).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many tries an event gets before it is dead-lettered (the first try included).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed try; it doubles after each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many events are read from the log at a time.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>How many webhooks may be registered.</summary>
    public int MaxWebhooks { get; set; } = 100;
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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
