using System.Text;
using Microsoft.Extensions.Time.Testing;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class VirtualTimeTests
{
    [Fact]
    public async Task Retry_backoff_and_the_poll_interval_run_on_the_agents_TimeProvider()
    {
        await using var server = new CallbackServer { OnReport = (r, _, attempt) => r is TextMessageReport && attempt == 1 ? new Reply(503, "") : new Reply(200, "[]") };
        await server.StartAsync();
        var clock = new WatchedClock(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var backoff = TimeSpan.FromHours(1);
        var pollInterval = TimeSpan.FromHours(2);
        var world = new SimulatedWeChat(new WorldOptions { Accounts = 1 }, clock);
        await using var agent = new WeQuickAgent(
            new AgentOptions
            {
                ReceiveUrl = server.ReceiveUrl,
                SendUrl = server.SendUrl,
                PollInterval = pollInterval,
                InitialBackoff = backoff,
                MaxBackoff = backoff,
            },
            world,
            time: clock);
        agent.Start();
        try
        {
            // The clock has not moved, so the wait after the first poll is the whole interval.
            await Eventually.Until(() => server.Reports<LoginUserReport>().Count == 1 && server.Polls.Count == 1 && clock.HasTimer(pollInterval), "the login and the wait after the first poll");

            world.Incoming(IncomingKind.Text, world.AccountIds[0], text: "later");
            bool Arrivals(int n) => server.Arrived.Count(b => Encoding.UTF8.GetString(b).Contains("later", StringComparison.Ordinal)) == n;
            await Eventually.Until(() => Arrivals(1) && agent.Counters.ByStatus.ContainsKey(503) && clock.HasTimer(backoff), "the refused first attempt and the wait before its retry");

            // An hour of backoff and two hours of poll interval pass only when the virtual clock moves.
            clock.Advance(backoff);
            await Eventually.Until(() => Arrivals(2) && server.Reports<TextMessageReport>().Count == 1 && agent.Counters.Delivered == agent.Counters.Queued, "the retry after a virtual hour");
            Assert.Single(server.Polls);
            clock.Advance(pollInterval - backoff);
            await Eventually.Until(() => server.Polls.Count == 2, "the second poll after two virtual hours");

            // The world stamps received files with the virtual date.
            world.Incoming(IncomingKind.Pic, world.AccountIds[0]);
            await Eventually.Until(() => server.Reports<PicMessageReport>().Count == 1, "a picture");
            Assert.Contains(@"\2026-12\", server.Reports<PicMessageReport>()[0].FileIndex, StringComparison.Ordinal);
        }
        finally
        {
            await clock.StopAsync(agent);
        }
    }
}
