using System.Security.Cryptography;
using System.Text;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// The signature of a delivery: <c>v1=</c> and the lowercase hex HMAC-SHA256, keyed with the webhook's
/// secret (its UTF-8 bytes), of the <c>WeQuick-Timestamp</c> value, a dot, and the body's exact bytes.
/// </summary>
internal static class WebhookSignature
{
    public const string WebhookIdHeader = "WeQuick-Webhook-Id";
    public const string SeqHeader = "WeQuick-Event-Seq";
    public const string KindHeader = "WeQuick-Event-Kind";
    public const string AttemptHeader = "WeQuick-Delivery-Attempt";
    public const string TimestampHeader = "WeQuick-Timestamp";
    public const string SignatureHeader = "WeQuick-Signature";
    public const string Version = "v1=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Version + Convert.ToHexStringLower(mac);
    }

    /// <summary>A new secret: 32 random bytes, as hex behind a recognisable prefix.</summary>
    public static string NewSecret() => "wqsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
