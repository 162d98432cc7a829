namespace WeQuick.Gateway.Storage;

/// <summary>
/// Where the gateway keeps everything: the event log, the quarantine, commands and the projections.
/// Reads may run concurrently; every write goes through the one <see cref="IGatewayWriteSession"/>
/// the gateway opens, so an implementation can rely on a single writer.
/// </summary>
public interface IGatewayStore
{
    /// <summary>Where the data lives, for the start-up log line (a folder, a connection without secrets).</summary>
    string Location { get; }

    /// <summary>Creates or migrates the schema. Called once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A short description when <paramref name="exception"/>, thrown by a write, is a fault of the store itself (a
    /// full disk, an I/O error, a read-only file) rather than of the write; null otherwise. During a fault writes are
    /// refused as unavailable and the health checks show it; the first commit that succeeds ends it.
    /// </summary>
    string? DescribeFault(Exception exception) => null;

    /// <summary>Opens the single write session. The caller serializes every use of it.</summary>
    IGatewayWriteSession OpenWriteSession();

    /// <summary>Events with a sequence number above <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long after, int limit, CancellationToken cancellationToken);

    /// <summary>The highest committed sequence number: the end of the log (0 while it is empty).</summary>
    Task<long> LatestSeqAsync(CancellationToken cancellationToken);

    /// <summary>One event by its sequence number.</summary>
    Task<StoredEvent?> ReadEventAsync(long seq, CancellationToken cancellationToken);

    /// <summary>
    /// Events with a sequence number above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>,
    /// read within <paramref name="limits"/>: bodies over their kind's limit left out, the page cut once its bodies
    /// reach the page bound. A store that can decide per row without loading the body should.
    /// </summary>
    async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long after, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.Apply(await ReadEventsAsync(after, limit, cancellationToken));
    }

    /// <summary>One event by its sequence number, its body left out when over its kind's limit.</summary>
    async Task<StoredEvent?> ReadEventAsync(long seq, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return await ReadEventAsync(seq, cancellationToken) is { } e ? limits.Apply(e) : null;
    }

    /// <summary>
    /// One event's stored body, opened for reading without holding it whole where the store can; null when there is
    /// no such event.
    /// </summary>
    async Task<EventBody?> OpenEventBodyAsync(long seq, CancellationToken cancellationToken) =>
        await ReadEventAsync(seq, cancellationToken) is { } e ? new EventBody(new MemoryStream(e.Body, writable: false), e.Body.LongLength, e.ContentType, null) : null;

    /// <summary>How many events the log holds.</summary>
    Task<long> CountEventsAsync(CancellationToken cancellationToken);

    /// <summary>One command by id.</summary>
    Task<StoredCommand?> ReadCommandAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Whether any command for one of <paramref name="targets"/> is due: queued, or a redeliverable one
    /// delivered before <paramref name="redeliverBefore"/> and not acknowledged.
    /// </summary>
    Task<bool> HasDueCommandsAsync(IReadOnlyList<string> targets, DateTimeOffset redeliverBefore, CancellationToken cancellationToken);

    /// <summary>One projection document.</summary>
    Task<ProjectionDocument?> ReadDocumentAsync(string collection, string account, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Documents of one collection (of one account, or of all when <paramref name="account"/> is null),
    /// by the sequence number of the event that last changed them.
    /// </summary>
    Task<IReadOnlyList<ProjectionDocument>> ReadDocumentsAsync(string collection, string? account, int limit, bool newestFirst, CancellationToken cancellationToken);

    /// <summary>Every projection document, in a stable order (collection, account, key): what rebuild must reproduce.</summary>
    Task<IReadOnlyList<ProjectionDocument>> ReadAllDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>How many documents one account has in each collection.</summary>
    Task<IReadOnlyDictionary<string, long>> CountDocumentsAsync(string account, CancellationToken cancellationToken);

    /// <summary>Quarantined bodies, newest first.</summary>
    Task<IReadOnlyList<QuarantinedBody>> ReadQuarantineAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new API key. Runs on its own short-lived connection, outside the write session, so a
    /// separate process (<c>wequick keys create</c>) can add keys while the gateway runs.
    /// </summary>
    /// <exception cref="DuplicateApiKeyNameException">The name is taken.</exception>
    Task<ApiKeyRecord> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken);

    /// <summary>Every API key (revoked ones too), by id.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the key with this id or name; returns it, or null when there is none. Revoking twice keeps the first time.</summary>
    Task<ApiKeyRecord?> RevokeApiKeyAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The key with this SHA-256 hash, if any.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Whether any API key was ever created (revoked ones count).</summary>
    Task<bool> AnyApiKeyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A page of one account's documents of one collection in key order (ascending, or descending when
    /// <paramref name="descending"/>), starting after <paramref name="afterKey"/> (exclusive) and keeping to
    /// keys that start with <paramref name="keyPrefix"/> when given.
    /// </summary>
    Task<IReadOnlyList<ProjectionDocument>> ReadDocumentPageAsync(string collection, string account, string? afterKey, bool descending, string? keyPrefix, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The latest message event of each conversation of <paramref name="account"/> (the one its conversation
    /// document points at), the most recently active first, below the message <paramref name="beforeSeq"/>
    /// (exclusive) when given.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadConversationsAsync(string account, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The message events of <paramref name="account"/> (kinds <c>report…Message</c>) newest first, below
    /// <paramref name="beforeSeq"/> (exclusive) when given. Messages are read from the log, not from projections.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadMessageEventsAsync(string account, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ReadMessageEventsAsync(string, long?, int, CancellationToken)"/> within <paramref name="limits"/>: bodies over
    /// the limit left out, and the rows cut after the one that brings the bodies read to
    /// <see cref="EventReadLimits.PageBytes"/> (so fewer than <paramref name="limit"/> rows do not mean the end).
    /// </summary>
    async Task<IReadOnlyList<StoredEvent>> ReadMessageEventsAsync(string account, long? beforeSeq, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.Apply(await ReadMessageEventsAsync(account, beforeSeq, limit, cancellationToken));
    }

    /// <summary>
    /// <see cref="ReadConversationsAsync(string, long?, int, CancellationToken)"/> within <paramref name="limits"/>: bodies over
    /// the limit left out, and the rows cut after the one that brings the bodies read to
    /// <see cref="EventReadLimits.PageBytes"/> (so fewer than <paramref name="limit"/> rows do not mean the end).
    /// </summary>
    async Task<IReadOnlyList<StoredEvent>> ReadConversationsAsync(string account, long? beforeSeq, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.Apply(await ReadConversationsAsync(account, beforeSeq, limit, cancellationToken));
    }

    /// <summary>How many message events <paramref name="account"/> has in the log.</summary>
    Task<long> CountMessageEventsAsync(string account, CancellationToken cancellationToken);

    /// <summary>Commands newest first (by id), below <paramref name="beforeId"/> when given, of one target and in one state when given.</summary>
    Task<IReadOnlyList<StoredCommand>> ReadCommandsAsync(string? target, CommandState? state, long? beforeId, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// The single writer. The gateway runs many items in one transaction (group commit): each item is
/// bracketed by <see cref="BeginItem"/> and <see cref="CompleteItem"/> or <see cref="AbandonItem"/>, so
/// one failing item is undone without undoing its neighbours.
/// </summary>
public interface IGatewayWriteSession : IDisposable, IIdempotencyKeyWriter
{
    /// <summary>Starts a transaction.</summary>
    void Begin();

    /// <summary>Commits the transaction; when this returns, everything written is durable.</summary>
    void Commit();

    /// <summary>Abandons the transaction.</summary>
    void Rollback();

    /// <summary>Marks the start of one item inside the transaction.</summary>
    void BeginItem();

    /// <summary>Keeps the item's writes.</summary>
    void CompleteItem();

    /// <summary>Undoes the item's writes, keeping the rest of the transaction.</summary>
    void AbandonItem();

    /// <summary>Appends an event; returns its sequence number.</summary>
    long AppendEvent(NewEvent item);

    /// <summary>
    /// The sequence number of the last event appended since <see cref="Begin"/>, or null when none was;
    /// read after <see cref="Commit"/> to announce how far the log reached.
    /// </summary>
    long? LastAppendedSeq { get; }

    /// <summary>Stores a body that could not be decoded; returns its id.</summary>
    long Quarantine(NewQuarantinedBody item);

    /// <summary>Reads events inside the transaction (rebuild).</summary>
    IReadOnlyList<StoredEvent> ReadEvents(long after, int limit);

    /// <summary>Inserts a command and returns its id; <see cref="StoredCommand.Id"/> of the argument is ignored.</summary>
    long InsertCommand(StoredCommand command);

    /// <summary>Writes every field of an existing command.</summary>
    void UpdateCommand(StoredCommand command);

    /// <summary>One command by id.</summary>
    StoredCommand? GetCommand(long id);

    /// <summary>
    /// Due commands of <paramref name="targets"/> in id order: queued ones, and redeliverable ones delivered
    /// before <paramref name="redeliverBefore"/> that were neither acknowledged nor answered.
    /// </summary>
    IReadOnlyList<StoredCommand> FindDueCommands(IReadOnlyList<string> targets, DateTimeOffset redeliverBefore, int limit);

    /// <summary>
    /// The oldest command in <paramref name="apis"/> that was delivered (or acknowledged) and has no
    /// answer yet, for the account <paramref name="target"/> — or, when it is null, for any instance target.
    /// </summary>
    StoredCommand? FindAwaitingAnswer(IReadOnlyList<string> apis, string? target);

    /// <summary>
    /// Commands in one state that entered it before <paramref name="before"/> (queued: created; delivered:
    /// last handed out; acknowledged: acked), with an id above <paramref name="afterId"/>, in id order.
    /// </summary>
    IReadOnlyList<StoredCommand> FindCommands(CommandState state, DateTimeOffset before, long afterId, int limit);

    /// <summary>One projection document.</summary>
    ProjectionDocument? GetDocument(string collection, string account, string key);

    /// <summary>Whether one projection document exists (without reading it).</summary>
    bool HasDocument(string collection, string account, string key);

    /// <summary>Inserts or replaces one projection document.</summary>
    void PutDocument(ProjectionDocument document);

    /// <summary>
    /// Inserts or replaces one projection document given as UTF-8 JSON, as the projector writes the hot ones:
    /// a store that keeps text as UTF-8 takes the bytes without a round trip through a string. A store may hold
    /// the document until <see cref="Commit"/> and write only its latest version, as long as
    /// <see cref="GetDocument"/> and <see cref="HasDocument"/> see it at once and <see cref="AbandonItem"/> takes it back.
    /// </summary>
    void PutDocument(string collection, string account, string key, long seq, ReadOnlySpan<byte> utf8Json) =>
        PutDocument(new ProjectionDocument(collection, account, key, seq, System.Text.Encoding.UTF8.GetString(utf8Json)));

    /// <summary>Deletes every projection document (rebuild).</summary>
    void ClearProjections();
}
