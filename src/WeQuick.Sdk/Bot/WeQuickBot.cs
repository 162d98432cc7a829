using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// A WeChat bot over a WeQuick gateway: register handlers (<see cref="On{TReport}"/>, <see cref="OnText(Func{BotContext{TextMessageReport}, Task})"/>,
/// <see cref="OnFriendRequest"/>, …) with filters and middleware, then <see cref="RunAsync"/>. Events are read from
/// the live stream in log order; one conversation's handlers run one at a time, in order, while different
/// conversations run concurrently (up to <see cref="WeQuickBotOptions.MaxConcurrency"/>). A handler that throws is
/// logged and the bot goes on.
/// </summary>
public sealed partial class WeQuickBot : IDisposable
{
    private readonly List<BotHandler> _handlers = [];
    private readonly List<Func<BotContext, Func<Task>, Task>> _middleware = [];
    private readonly ConcurrentDictionary<string, Task<AccountFacts>> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _firstGeneration = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsClient;
    private readonly OwnedLoggers _loggers;
    private BotRun? _run;
    private int _running;

    /// <summary>Creates a bot with its own client for the gateway at <see cref="WeQuickBotOptions.BaseUrl"/>.</summary>
    /// <param name="options">The gateway, the key, the cursor and concurrency.</param>
    /// <param name="loggerFactory">
    /// Where the bot and its client log; null for the console (Information and above, one line each), which the bot
    /// then owns. Pass <see cref="NullLoggerFactory.Instance"/> for no logs.
    /// </param>
    public WeQuickBot(WeQuickBotOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory is null ? new OwnedLoggers() : new OwnedLoggers(loggerFactory))
    {
    }

    /// <summary>Creates a bot over an existing client (which the caller keeps and disposes).</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="options">The cursor and concurrency (the client's gateway and key are used).</param>
    /// <param name="loggerFactory">
    /// Where the bot logs (and the stream, when the client has no <see cref="WeQuickClientOptions.Logger"/>); null for
    /// the console (Information and above), which the bot then owns. Pass <see cref="NullLoggerFactory.Instance"/> for no logs.
    /// </param>
    public WeQuickBot(WeQuickClient client, WeQuickBotOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(client, options ?? new WeQuickBotOptions(), loggerFactory is null ? new OwnedLoggers() : new OwnedLoggers(loggerFactory), ownsClient: false)
    {
    }

    private WeQuickBot(WeQuickBotOptions options, OwnedLoggers loggers)
        : this(CreateClient(options, loggers.Factory), options, loggers, ownsClient: true)
    {
    }

    private WeQuickBot(WeQuickClient client, WeQuickBotOptions options, OwnedLoggers loggers, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Options = options;
        _loggers = loggers;
        Logger = loggers.Factory.CreateLogger("WeQuick.Sdk.WeQuickBot");
        StreamLogger = client.Options.Logger ?? loggers.Factory.CreateLogger("WeQuick.Sdk.WeQuickClient");
        _ownsClient = ownsClient;
    }

    /// <summary>The client the bot calls the gateway with; use it for anything the contexts do not offer.</summary>
    public WeQuickClient Client { get; }

    /// <summary>The bot's options.</summary>
    public WeQuickBotOptions Options { get; }

    /// <summary>The bot's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Where the bot's event stream logs its connections: the client's logger, else the bot's factory.</summary>
    internal ILogger StreamLogger { get; }

    /// <summary>Completes with the seq the bot starts after, once <see cref="RunAsync"/> has found it (the stored cursor, or the end of the log).</summary>
    public Task<long> Started => _started.Task;

    /// <summary>The seq up to which every event has been handled (what the cursor store holds); null before the bot starts.</summary>
    public long? Cursor => _run?.Committed;

    /// <summary>Registers a handler for every report of type <typeparamref name="TReport"/> (a Protocol model, e.g. <see cref="TextMessageReport"/>).</summary>
    /// <typeparam name="TReport">The report type; base types such as <see cref="MessageReport"/> take every subtype.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler On<TReport>(Func<BotContext<TReport>, Task> handler)
        where TReport : Report
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(typeof(TReport).Name, c => c.Report is TReport r ? new BotContext<TReport>(c, r) : null, c => handler((BotContext<TReport>)c));
    }

    /// <summary>Registers a handler for every event, gateway events (<c>instanceOnline</c>, …) included.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnEvent(Func<BotContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add("event", c => c, handler);
    }

    /// <summary>Registers a handler for every chat message of any kind (text, image, file, notice, …).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnMessage(Func<BotContext<MessageReport>, Task> handler) => On(handler);

    /// <summary>Registers a handler for every text message.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnText(Func<BotContext<TextMessageReport>, Task> handler) => On(handler);

    /// <summary>Registers a handler for texts that are exactly <paramref name="text"/> (ignoring case and surrounding spaces).</summary>
    /// <param name="text">The text, e.g. <c>"ping"</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnText(string text, Func<BotContext<TextMessageReport>, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var wanted = text.Trim();
        return OnText(handler).Where(c => string.Equals(c.Text?.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Registers a handler for texts <paramref name="pattern"/> matches.</summary>
    /// <param name="pattern">The regular expression.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnText(Regex pattern, Func<BotContext<TextMessageReport>, Task> handler) => OnText(handler).Matching(pattern);

    /// <summary>Registers a handler for friend requests; <see cref="BotContext.AcceptAsync"/> accepts one.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnFriendRequest(Func<BotContext<FriendAddRequestReport>, Task> handler) => On(handler);

    /// <summary>
    /// Registers a handler for people joining a room, the account included (<see cref="RoomMemberJoin.AccountJoined"/>).
    /// A second-generation client reports joins itself (<c>reportChatRoomMemberAdd</c>, with the members' wxids;
    /// <c>reportNewChatRoom</c> for the account); from a first-generation one they are read from the room's join notices
    /// (<c>reportChatroomMessage</c>): invited by someone, by the account, or by scanning a QR code. Each join comes
    /// once: a second-generation client writes its notices as <c>reportSystemMessage</c>, which is not read for joins.
    /// <see cref="BotContext.ReplyAsync(string, bool, CommandOptions?)"/> with <c>mention: true</c> greets who joined.
    /// </summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnRoomMemberJoined(Func<RoomJoinContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add("room member joined", c => c.Report switch
        {
            ChatroomMessageReport n when RoomMemberJoin.From(n) is { } join => new RoomJoinContext(c, join),
            ChatRoomMemberAddReport a when RoomMemberJoin.From(a) is { } join => new RoomJoinContext(c, join),
            NewChatRoomReport r when RoomMemberJoin.From(r) is { } join => new RoomJoinContext(c, join),
            _ => null,
        }, c => handler((RoomJoinContext)c));
    }

    /// <summary>
    /// Registers a handler for people leaving a room or being removed from it, the account included
    /// (<see cref="RoomMemberLeave.AccountLeft"/>). A second-generation client reports it itself
    /// (<c>reportChatRoomMemberDel</c>, with the members' wxids; <c>reportChatRoomQuit</c> for the account); from a
    /// first-generation one only removals are known, read from the room's notices (<c>你将"Y"移出了群聊</c>,
    /// <c>你被"X"移出群聊</c>), as WeChat writes none when someone leaves by themselves.
    /// </summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnRoomMemberLeft(Func<RoomLeaveContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add("room member left", c => c.Report switch
        {
            ChatroomMessageReport n when RoomMemberLeave.From(n) is { } leave => new RoomLeaveContext(c, leave),
            ChatRoomMemberDelReport d when RoomMemberLeave.From(d) is { } leave => new RoomLeaveContext(c, leave),
            ChatRoomQuitReport q when RoomMemberLeave.From(q) is { } leave => new RoomLeaveContext(c, leave),
            _ => null,
        }, c => handler((RoomLeaveContext)c));
    }

    /// <summary>Registers a handler for room invitations sent to the account (<c>reportAddChatRoomMessage</c>).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnRoomInvite(Func<BotContext<AddChatRoomMessageReport>, Task> handler) => On(handler);

    /// <summary>Registers a handler for transfers sent to the account and not yet accepted (paysubtype 1); <see cref="BotContext.AcceptAsync"/> accepts one.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnTransfer(Func<BotContext<TransferMessageReport>, Task> handler) =>
        On(handler).Where(c => c.Report is TransferMessageReport { PaySubtype: 1 });

    /// <summary>Registers a handler for an account logging in (<c>reportLoginUser</c>).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnLogin(Func<BotContext<LoginUserReport>, Task> handler) => On(handler);

    /// <summary>Registers a handler for an account logging out (<c>reportLogout</c> or <c>resLogout</c>).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The registration, to add filters to.</returns>
    public BotHandler OnLogout(Func<BotContext<Report>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add("logout", c => c.Report is LogoutReport or LogoutResultReport ? new BotContext<Report>(c, c.Report) : null, c => handler((BotContext<Report>)c));
    }

    /// <summary>
    /// Adds middleware around the handling of every event: it gets the context and the rest of the pipeline
    /// (<c>next</c>), and may act before and after it, or not call it. The first added runs outermost.
    /// Exceptions of the handlers come out of <c>next</c>; whatever escapes the pipeline is logged.
    /// </summary>
    /// <param name="middleware">The middleware.</param>
    /// <returns>The bot.</returns>
    public WeQuickBot Use(Func<BotContext, Func<Task>, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_middleware)
        {
            _middleware.Add(middleware);
        }

        return this;
    }

    /// <summary>
    /// Adds middleware that logs each event handled, with its duration, at <paramref name="level"/>. Every event
    /// passes, related to the bot's handlers or not, so the default is Debug; log what a handler acts on from the
    /// handler (<see cref="BotContext.Logger"/>).
    /// </summary>
    /// <param name="level">The log level (default Debug).</param>
    /// <returns>The bot.</returns>
    public WeQuickBot UseLogging(LogLevel level = LogLevel.Debug) => Use(async (c, next) =>
    {
        var start = Options.TimeProvider.GetTimestamp();
        await next();
        LogHandled(Logger, level, c.Event.Seq, c.Event.Kind, c.Account, c.ConversationId, (long)Options.TimeProvider.GetElapsedTime(start).TotalMilliseconds);
    });

    /// <summary>
    /// Runs the bot until <paramref name="cancellationToken"/> is cancelled, then stops cleanly: handlers already
    /// running finish, events not started yet are left for the next run, and the cursor is saved.
    /// Starts after <see cref="WeQuickBotOptions.StartAfter"/>, else the stored cursor, else the current end of the log.
    /// </summary>
    /// <param name="cancellationToken">Stops the bot.</param>
    /// <exception cref="WeQuickApiException">The gateway refused the bot (a wrong key, say).</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        Options.Validate(hasClient: true);
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("the bot is already running");
        }

        try
        {
            var store = Options.CursorStore ?? (Options.CursorFile is { } file ? new FileCursorStore(file) : null);
            long start;
            StartKind kind;
            try
            {
                (start, kind) = Options.StartAfter is { } after ? (after, StartKind.Asked)
                    : (store is null ? null : await store.LoadAsync(cancellationToken)) is { } stored ? (stored, StartKind.Cursor)
                    : (await Client.GetLatestSeqAsync(cancellationToken), StartKind.Live);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            using var run = new BotRun(this, store, start);
            _run = run;
            LogStart(kind, start, Handlers.Count);
            _started.TrySetResult(start);
            await run.RunAsync(cancellationToken);
            LogStopped(Logger, run.Committed);
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }

        _loggers.Dispose();
    }

    internal IReadOnlyList<BotHandler> Handlers
    {
        get
        {
            lock (_handlers)
            {
                return [.. _handlers];
            }
        }
    }

    internal IReadOnlyList<Func<BotContext, Func<Task>, Task>> Middleware
    {
        get
        {
            lock (_middleware)
            {
                return [.. _middleware];
            }
        }
    }

    /// <summary>The names the account answers to in mentions: its nickname and <see cref="WeQuickBotOptions.MentionNames"/>.</summary>
    internal async Task<IReadOnlyList<string>> NamesOfAsync(string account, CancellationToken cancellationToken) =>
        (await FactsOfAsync(account, cancellationToken)).Names;

    /// <summary>The names known now without asking the gateway: the nickname once looked up, else <see cref="WeQuickBotOptions.MentionNames"/>.</summary>
    internal IReadOnlyList<string> KnownNamesOf(string? account) =>
        account is not null && _facts.TryGetValue(account, out var task) && task.IsCompletedSuccessfully ? task.Result.Names : [.. Options.MentionNames];

    /// <summary>
    /// Whether the account's client is known to speak the interface's second generation, and so can mention members:
    /// its account says <c>interface: v2</c>, and the gateway has not refused it a second-generation command during this run.
    /// </summary>
    internal async Task<bool> IsSecondGenerationAsync(string account, CancellationToken cancellationToken) =>
        !_firstGeneration.ContainsKey(account) && (await FactsOfAsync(account, cancellationToken)).Interface == "v2";

    /// <summary>The gateway refused the account a second-generation command: its client speaks the first.</summary>
    internal void RememberFirstGeneration(string account)
    {
        if (_firstGeneration.TryAdd(account, true))
        {
            LogFirstGeneration(Logger, account);
        }
    }

    /// <summary>
    /// The names members have in a room, from the gateway's stored members (one pass over them): the room nickname, else
    /// the nickname; the wxid for a member the gateway does not know (or when it cannot tell).
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, string>> RoomNamesOfAsync(string account, string room, IReadOnlySet<string> members, CancellationToken cancellationToken)
    {
        var names = members.ToDictionary(m => m, m => m, StringComparer.Ordinal);
        var left = members.Count;
        try
        {
            await foreach (var m in Client.EnumerateRoomMembersAsync(account, room, cancellationToken))
            {
                if (members.Contains(m.Wxid) && (m.RoomNick is { Length: > 0 } ? m.RoomNick : m.Nick) is { Length: > 0 } name)
                {
                    names[m.Wxid] = name;
                    if (--left == 0)
                    {
                        break;
                    }
                }
            }
        }
        catch (WeQuickApiException ex)
        {
            LogRoomNamesUnavailable(Logger, room, ex.Message);
        }

        return names;
    }

    private async Task<AccountFacts> FactsOfAsync(string account, CancellationToken cancellationToken)
    {
        var task = _facts.GetOrAdd(account, a => LoadFactsAsync(a, cancellationToken));
        try
        {
            var facts = await task;
            if (!facts.Complete)
            {
                // The nickname or the generation is not known (yet): ask again next time, a later login may tell.
                _facts.TryRemove(KeyValuePair.Create(account, task));
            }

            return facts;
        }
        catch
        {
            _facts.TryRemove(KeyValuePair.Create(account, task));
            throw;
        }
    }

    private async Task<AccountFacts> LoadFactsAsync(string account, CancellationToken cancellationToken)
    {
        var names = new List<string>(Options.MentionNames);
        try
        {
            var found = await Client.GetAccountAsync(account, cancellationToken);
            var nick = found.Profile?.Nick is { Length: > 0 } n ? n : null;
            if (nick is not null)
            {
                names.Add(nick);
            }

            return new AccountFacts(names, found.Interface, nick is not null && found.Interface is not null);
        }
        catch (Exception ex) when (ex is WeQuickApiException or HttpRequestException or TimeoutException)
        {
            LogNamesUnavailable(Logger, account, ex.Message);
            return new AccountFacts(names, null, Complete: false);
        }
    }

    /// <summary>What the bot learned of an account from the gateway; <paramref name="Complete"/> when nothing is left to learn.</summary>
    private sealed record AccountFacts(IReadOnlyList<string> Names, string? Interface, bool Complete);

    private BotHandler Add(string name, Func<BotContext, BotContext?> bind, Func<BotContext, Task> run)
    {
        var handler = new BotHandler(name, bind, run, includeOwn: false);
        lock (_handlers)
        {
            _handlers.Add(handler);
        }

        return handler;
    }

    private void LogStart(StartKind kind, long start, int handlers)
    {
        switch (kind)
        {
            case StartKind.Live:
                LogStartingLive(Logger, start, handlers);
                break;
            case StartKind.Cursor:
                LogResuming(Logger, start, handlers);
                break;
            case StartKind.Asked when start <= 0:
                LogStartingFromStart(Logger, handlers);
                break;
            default:
                LogStartingAfter(Logger, start, handlers);
                break;
        }
    }

    private static WeQuickClient CreateClient(WeQuickBotOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(hasClient: false);
        return new WeQuickClient(new WeQuickClientOptions
        {
            BaseUrl = options.BaseUrl,
            ApiKey = options.ApiKey,
            TimeProvider = options.TimeProvider,
            Logger = loggerFactory.CreateLogger("WeQuick.Sdk.WeQuickClient"),
        });
    }

    // The SDK's event ids are 3000-3099 (the gateway has 1-999, the agent 2000-2099, wequick 4000-4099): the bot
    // 3001-3019 and 3040-3059, the client 3020-3039.
    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Bot starting live: events after seq {Seq}, the end of the log now ({Handlers} handlers)")]
    private static partial void LogStartingLive(ILogger logger, long seq, int handlers);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Bot resuming at its stored cursor: events after seq {Seq} ({Handlers} handlers)")]
    private static partial void LogResuming(ILogger logger, long seq, int handlers);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Information, Message = "Bot starting from the start of the log ({Handlers} handlers)")]
    private static partial void LogStartingFromStart(ILogger logger, int handlers);

    [LoggerMessage(EventId = 3043, Level = LogLevel.Information, Message = "Bot starting after seq {Seq}, as its options ask ({Handlers} handlers)")]
    private static partial void LogStartingAfter(ILogger logger, long seq, int handlers);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Bot stopped; every event up to seq {Seq} is handled")]
    private static partial void LogStopped(ILogger logger, long seq);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The names of account {Account} for mentions are not known: {Reason}")]
    private static partial void LogNamesUnavailable(ILogger logger, string account, string reason);

    [LoggerMessage(EventId = 3045, Level = LogLevel.Information, Message = "Account {Account} speaks the interface's first generation: replies that mention members write @nick into the text")]
    private static partial void LogFirstGeneration(ILogger logger, string account);

    [LoggerMessage(EventId = 3046, Level = LogLevel.Warning, Message = "The names members have in room {Room} are not known, so a reply mentions them as @wxid: {Reason}")]
    private static partial void LogRoomNamesUnavailable(ILogger logger, string room, string reason);

    [LoggerMessage(EventId = 3004, Message = "Handled event {Seq} {Kind} of {Account} in {Conversation} in {Elapsed} ms")]
    private static partial void LogHandled(ILogger logger, LogLevel level, long seq, string kind, string? account, string? conversation, long elapsed);

    private enum StartKind
    {
        Live,
        Cursor,
        Asked,
    }

    /// <summary>The bot's logger factory: the caller's (kept by the caller) or, when none was given, a console one the bot disposes.</summary>
    private sealed class OwnedLoggers : IDisposable
    {
        private readonly ILoggerFactory? _owned;

        public OwnedLoggers(ILoggerFactory factory) => Factory = factory;

        public OwnedLoggers()
        {
            _owned = LoggerFactory.Create(b => b
                .SetMinimumLevel(LogLevel.Information)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                }));
            Factory = _owned;
        }

        public ILoggerFactory Factory { get; }

        public void Dispose() => _owned?.Dispose();
    }
}
