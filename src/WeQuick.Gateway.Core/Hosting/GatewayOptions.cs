using Microsoft.Extensions.Options;

namespace WeQuick.Gateway;

/// <summary>The gateway's settings (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section the host binds.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The data folder: the store keeps its files inside.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Flush every commit to disk before answering (true), or trust the OS with it (false: faster, not power-loss safe).</summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>
    /// How often, while commits come, the store copies its write-ahead log into the database file. It does so
    /// beside the writer, so no commit waits for it; longer intervals copy less often, in bigger pieces. Under
    /// continuous load the log is started over after each such copy, with a short pause of the writer that
    /// grows with the interval (about 1.5 ms at the default, 9 ms at 1 s), and the log file grows to about one
    /// interval of writes.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The most the store may grow to, in bytes; null (the default) is no limit but the disk's. Past it writes are
    /// refused as on a full disk (503 with Retry-After, the fault on /healthz and /readyz) until space is freed.
    /// </summary>
    public long? MaxDatabaseBytes { get; set; }

    /// <summary>
    /// Client credentials. When any are set, the client endpoints need a token (in the path, <c>/c/{token}/…</c>,
    /// or as <c>?token=</c>) and requests without a valid one are refused.
    /// </summary>
    public List<ClientCredential> Clients { get; set; } = [];

    /// <summary>
    /// The addresses that may use the client endpoints at all: each an address or a network in CIDR form
    /// (<c>192.168.1.0/24</c>). Empty (the default): any address. Applies with and without client tokens.
    /// </summary>
    public List<string> ClientAddresses { get; set; } = [];

    /// <summary>How long an instance may go without polling before it is recorded offline.</summary>
    public TimeSpan OnlineGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a delivered query waits for its ack before it is handed out again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a query is handed out before it fails for want of an ack.</summary>
    public int MaxDeliveries { get; set; } = 3;

    /// <summary>How long an acked query waits for its answering report before it fails.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a delivered command waits for its ack, from its last delivery, before it fails. A send, change or
    /// payment is never handed out again, so its outcome is then unknown; a query gets here only when its target
    /// stopped polling before it was handed out <see cref="MaxDeliveries"/> times.
    /// </summary>
    public TimeSpan UnackedTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a queued command waits for a target that is not online before it expires.</summary>
    public TimeSpan OfflineCommandTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest a <c>send_msg</c> poll is held (<c>?wait=</c> is capped to it).</summary>
    public TimeSpan MaxLongPoll { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>send_msg</c> polls are held when neither <c>?wait=</c> nor the client's own setting says (zero: answer at once, as the spec's clients expect).</summary>
    public TimeSpan DefaultLongPoll { get; set; } = TimeSpan.Zero;

    /// <summary>How often presence, redelivery and expiry are checked.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest report body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The largest report body, in bytes, that readers get with its event (the events page, the stream, webhooks,
    /// the messages and conversations pages). A larger body is kept in full in the log but served by reference:
    /// the event says it was left out and its size, and <c>GET /api/v1/events/{seq}/body</c> streams it.
    /// </summary>
    public long InlineBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// <see cref="InlineBodyBytes"/> for the reports that carry contact and member lists (reportContact,
    /// reportUsersWxid, reportUsersInfo, reportChatRoomUserLists), which are legitimately big.
    /// </summary>
    public long InlineListBodyBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// The bytes of report bodies after which a page of events stops early (the events page, the stream's catch-up
    /// pages, webhook batches): a page holds up to its count, or fewer once its bodies reach this, and always one.
    /// </summary>
    public long PageBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// For a message whose body was left out (over <see cref="InlineBodyBytes"/>), how many characters of each text
    /// field the messages and conversations pages show.
    /// </summary>
    public int BodyPreviewChars { get; set; } = 1024;

    /// <summary>
    /// When an account logs in, ask its client for its friends, rooms and official accounts (<c>getContact</c>, what
    /// <c>POST …/contacts/refresh</c> queues), once per login: a real client reports its lists only when asked, so
    /// without it the account's contacts and rooms stay empty until someone asks.
    /// </summary>
    public bool RefreshOnLogin { get; set; } = true;

    /// <summary>
    /// How many commands a client that does not say how many it takes gets in one answer (a <c>send_msg</c> poll's or a
    /// report's), unless its credential says otherwise (<see cref="ClientCredential.CommandsPerAnswer"/>). One, the
    /// default, is what real clients are known to execute: they run the first element of an answer and drop the rest.
    /// </summary>
    public int CommandsPerAnswer { get; set; } = 1;

    /// <summary>
    /// The most commands one answer ever holds, whatever a client says it takes (WeQuick's agent says so with
    /// <c>take=</c> in its URLs) or its credential is configured with.
    /// </summary>
    public int MaxCommandsPerAnswer { get; set; } = 20;

    /// <summary>The most writes committed together in one transaction.</summary>
    public int MaxBatch { get; set; } = 1024;

    /// <summary>Authentication of the developer API (<c>Gateway:Api</c>).</summary>
    public Auth.ApiOptions Api { get; set; } = new();

    /// <summary>Send pacing (<c>Gateway:Pacing</c>).</summary>
    public Pacing.PacingOptions Pacing { get; set; } = new();
    /// <summary>The live event stream (<c>Gateway:Stream</c>).</summary>
    public StreamOptions Stream { get; set; } = new();

    /// <summary>Webhook delivery (<c>Gateway:Webhooks</c>).</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Browser safety: origins, host names, CORS (<c>Gateway:Http</c>).</summary>
    public HttpOptions Http { get; set; } = new();
}

/// <summary>One client credential: a name (used in instance ids and logs) and its URL token.</summary>
public sealed class ClientCredential
{
    /// <summary>A short name for the client machine.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret token the client puts in its URLs.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Hold this client's <c>send_msg</c> polls this long when no <c>?wait=</c> is given.</summary>
    public TimeSpan? LongPoll { get; set; }

    /// <summary>
    /// How many commands this client gets in one answer when its URLs do not say (<c>take=</c>); null: the
    /// gateway's <see cref="GatewayOptions.CommandsPerAnswer"/>. Set it only for a client known to execute every
    /// element of an answer; at most <see cref="GatewayOptions.MaxCommandsPerAnswer"/>.
    /// </summary>
    public int? CommandsPerAnswer { get; set; }

    /// <summary>
    /// The generation of the interface this client speaks (<c>v1</c> or <c>v2</c>); when set it wins over what the
    /// gateway learns from the client's reports. Null: learned.
    /// </summary>
    public string? Interface { get; set; }
}

/// <summary>Checks the settings at start.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Gateway:DataDirectory must be set");
        }

        Positive(errors, nameof(options.OnlineGrace), options.OnlineGrace);
        Positive(errors, nameof(options.AckTimeout), options.AckTimeout);
        Positive(errors, nameof(options.AnswerTimeout), options.AnswerTimeout);
        Positive(errors, nameof(options.UnackedTimeout), options.UnackedTimeout);
        Positive(errors, nameof(options.OfflineCommandTtl), options.OfflineCommandTtl);
        Positive(errors, nameof(options.MonitorInterval), options.MonitorInterval);
        Positive(errors, nameof(options.CheckpointInterval), options.CheckpointInterval);
        if (options.MaxLongPoll < TimeSpan.Zero || options.DefaultLongPoll < TimeSpan.Zero)
        {
            errors.Add("Gateway:MaxLongPoll and Gateway:DefaultLongPoll must not be negative");
        }

        if (options.MaxDeliveries < 1)
        {
            errors.Add("Gateway:MaxDeliveries must be at least 1");
        }

        if (options.MaxDatabaseBytes is < 65536)
        {
            errors.Add("Gateway:MaxDatabaseBytes must be at least 65536 (or absent for no limit)");
        }

        if (options.MaxBodyBytes < 1024)
        {
            errors.Add("Gateway:MaxBodyBytes must be at least 1024");
        }

        if (options.InlineBodyBytes < 1024 || options.InlineListBodyBytes < 1024 || options.PageBytes < 1024)
        {
            errors.Add("Gateway:InlineBodyBytes, Gateway:InlineListBodyBytes and Gateway:PageBytes must be at least 1024");
        }

        if (options.BodyPreviewChars < 0)
        {
            errors.Add("Gateway:BodyPreviewChars must not be negative");
        }

        if (options.MaxCommandsPerAnswer < 1 || options.MaxBatch < 1)
        {
            errors.Add("Gateway:MaxCommandsPerAnswer and Gateway:MaxBatch must be at least 1");
        }

        if (options.CommandsPerAnswer < 1 || options.CommandsPerAnswer > options.MaxCommandsPerAnswer)
        {
            errors.Add($"Gateway:CommandsPerAnswer must be at least 1 and at most Gateway:MaxCommandsPerAnswer ({options.MaxCommandsPerAnswer}), got {options.CommandsPerAnswer}");
        }

        foreach (var entry in options.ClientAddresses)
        {
            if (entry is null || !ClientCredentials.TryParseNetwork(entry, out _))
            {
                errors.Add($"Gateway:ClientAddresses: '{entry}' is not an address or a network in CIDR form (such as 192.168.1.0/24)");
            }
        }

        errors.AddRange(options.Pacing.Validate());
        errors.AddRange(options.Http.Validate());
        if (options.Stream.KeyCheckInterval <= TimeSpan.Zero)
        {
            errors.Add("Gateway:Stream:KeyCheckInterval must be positive");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in options.Clients)
        {
            if (string.IsNullOrWhiteSpace(client.Name) || client.Name.Contains('/', StringComparison.Ordinal))
            {
                errors.Add("every Gateway:Clients entry needs a Name without '/'");
            }

            if (string.IsNullOrEmpty(client.Token) || client.Token.Length < 8 || client.Token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                errors.Add($"client '{client.Name}': Token must be at least 8 characters of letters, digits, '-', '_' or '.'");
            }

            if (client.CommandsPerAnswer is { } perAnswer && (perAnswer < 1 || perAnswer > options.MaxCommandsPerAnswer))
            {
                errors.Add($"client '{client.Name}': CommandsPerAnswer must be at least 1 and at most Gateway:MaxCommandsPerAnswer ({options.MaxCommandsPerAnswer}), got {perAnswer}");
            }

            if (!Commands.ClientGenerations.IsValidSetting(client.Interface))
            {
                errors.Add($"client '{client.Name}': Interface must be v1 or v2 (or left out, to learn it from the client's reports), got '{client.Interface}'");
            }

            if (!names.Add(client.Name) || !tokens.Add(client.Token))
            {
                errors.Add($"client '{client.Name}': names and tokens must be unique");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:{name} must be positive");
        }
    }
}
