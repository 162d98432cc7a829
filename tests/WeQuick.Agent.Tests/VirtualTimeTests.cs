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
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var world = new SimulatedWeChat(new WorldOptions { Accounts = 1 }, time);
        await using var agent = new WeQuickAgent(
            new AgentOptions
            {
                ReceiveUrl = server.ReceiveUrl,
                SendUrl = server.SendUrl,
                PollInterval = TimeSpan.FromHours(2),
                InitialBackoff = TimeSpan.FromHours(1),
                MaxBackoff = TimeSpan.FromHours(1),
            },
            world,
            time: time);
        agent.Start();
        await Eventually.Until(() => server.Reports<LoginUserReport>().Count == 1 && server.Polls.Count == 1, "the login and the first poll");

        world.Incoming(IncomingKind.Text, world.AccountIds[0], text: "later");
        bool Arrivals(int n) => server.Arrived.Count(b => Encoding.UTF8.GetString(b).Contains("later", StringComparison.Ordinal)) == n;
        await Eventually.Until(() => Arrivals(1) && agent.Counters.ByStatus.ContainsKey(503), "the refused first attempt");

        // An hour of backoff and two hours of poll interval pass only when the virtual clock moves.
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.Until(() => Arrivals(2) && server.Reports<TextMessageReport>().Count == 1, "the retry after a virtual hour");
        Assert.Single(server.Polls);
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.Until(() => server.Polls.Count == 2, "the second poll after two virtual hours");

        // The world stamps received files with the virtual date.
        world.Incoming(IncomingKind.Pic, world.AccountIds[0]);
        await Eventually.Until(() => server.Reports<PicMessageReport>().Count == 1, "a picture");
        Assert.Contains(@"\2026-12\", server.Reports<PicMessageReport>()[0].FileIndex, StringComparison.Ordinal);
    }
}
