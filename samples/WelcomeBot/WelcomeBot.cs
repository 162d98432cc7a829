using WeQuick.Sdk;

namespace WeQuick.Samples.WelcomeBot;

/// <summary>What the welcome bot says and how fast it may accept friends.</summary>
public sealed record WelcomeSettings
{
    /// <summary>Sent to each new friend once the request is accepted.</summary>
    public string FriendWelcome { get; init; } = "你好，很高兴认识你！有什么可以帮你的，直接发消息给我就好。";

    /// <summary>
    /// Sent to a room when someone joins, mentioning who joined (a real mention where the account's client can, else
    /// <c>@name</c> before the text); a <c>{names}</c> in it is replaced with their names too.
    /// </summary>
    public string RoomWelcome { get; init; } = "欢迎加入本群！";

    /// <summary>The least time between two accepted friend requests. Accepting many at once is what gets accounts restricted.</summary>
    public TimeSpan AcceptInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for WeChat to confirm an acceptance before welcoming.</summary>
    public TimeSpan AcceptWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Only these rooms are greeted in; empty for every room.</summary>
    public IReadOnlyList<string> Rooms { get; init; } = [];

    /// <summary>The clock the rate limit uses.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Accepts friend requests one at a time, at most one per <see cref="WelcomeSettings.AcceptInterval"/> (requests
/// beyond that wait their turn; none is dropped), then welcomes the new friend; greets people who join a room.
/// </summary>
public static class Welcome
{
    /// <summary>Adds the welcome handlers to <paramref name="bot"/>.</summary>
    public static WeQuickBot Configure(WeQuickBot bot, WelcomeSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var s = settings ?? new WelcomeSettings();
        var limiter = new Spacing(s.AcceptInterval, s.Time);

        bot.OnFriendRequest(async ctx =>
        {
            await limiter.WaitTurnAsync(ctx.CancellationToken);
            var accepted = await ctx.AcceptAsync(CommandOptions.WaitFor(s.AcceptWait));
            if (accepted.State != CommandState.Completed)
            {
                ctx.Logger.LogFriendRequestNotAccepted(ctx.SenderId, accepted.State, accepted.ErrorReason);
                return;
            }

            await ctx.ReplyAsync(s.FriendWelcome);
        });

        bot.OnRoomMemberJoined(async ctx =>
        {
            if (ctx.Join.AccountJoined || (s.Rooms.Count > 0 && !s.Rooms.Contains(ctx.Join.Room)))
            {
                return;
            }

            await ctx.ReplyAsync(s.RoomWelcome.Replace("{names}", string.Join("、", ctx.Join.Names), StringComparison.Ordinal), mention: true);
        });
        return bot;
    }

    /// <summary>Gives each caller a turn at least <c>interval</c> after the previous one, in the order they ask.</summary>
    private sealed class Spacing(TimeSpan interval, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var turn = _next > now ? _next : now;
                _next = turn + interval;
                wait = turn - now;
            }

            return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
        }
    }
}
