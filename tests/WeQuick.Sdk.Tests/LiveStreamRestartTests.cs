using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>The stream across a real gateway restart on the same data folder and port.</summary>
public sealed class LiveStreamRestartTests
{
    [Fact]
    public async Task A_stream_survives_a_gateway_restart_with_no_event_missed_or_repeated()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wequick-sdk-restart-" + Guid.NewGuid().ToString("N"));
        var urls = $"http://127.0.0.1:{LiveGateway.FreePort()}";
        var before = "before-" + Guid.NewGuid().ToString("N")[..8];
        var after = "after-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var first = await LiveGateway.StartHostAsync(dir, urls);
            using var client = new WeQuickClient(new WeQuickClientOptions { BaseUrl = first.BaseUrl, ApiKey = first.ApiKey });
            var reconnects = 0;
            client.Options.OnReconnect = _ => Interlocked.Increment(ref reconnects);
            var head = await client.GetLatestSeqAsync();
            var seen = new List<GatewayEvent>();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var reading = Task.Run(async () =>
            {
                await foreach (var e in client.StreamEventsAsync(new EventStreamOptions { After = head, MinReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) }, cts.Token))
                {
                    lock (seen)
                    {
                        seen.Add(e);
                    }

                    if (e.Report is TextMessageReport { Message: var m } && m == after)
                    {
                        return;
                    }
                }
            });

            // A bot on the same gateway rides the restart too, and sees each account of the new run log in once.
            var logins = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var bot = new WeQuickBot(client, new WeQuickBotOptions { StartAfter = head, Stream = new EventStreamOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) } });
            bot.OnLogin(c =>
            {
                logins.Enqueue(c.Report.Wxid ?? c.Account!);
                return Task.CompletedTask;
            });
            await using var runner = await BotRunner.StartAsync(bot);

            first.FriendSays(before);
            await Eventually.TrueAsync(() => { lock (seen) { return seen.Any(e => e.Report is TextMessageReport { Message: var m } && m == before); } }, "the first text streamed");
            await first.DisposeAsync();

            await using var second = await LiveGateway.StartHostAsync(dir, urls);
            second.FriendSays(after);
            await reading.WaitAsync(cts.Token);

            var expected = new List<long>();
            var cursor = head;
            var last = seen[^1].Seq;
            while (cursor < last)
            {
                var page = await client.GetEventsAsync(cursor, 1000);
                expected.AddRange(page.Items.Select(e => e.Seq).Where(s => s <= last));
                cursor = page.NextSeq;
            }

            Assert.True(reconnects >= 1, "the stream reconnected");
            Assert.Equal(expected, seen.Select(e => e.Seq));
            Assert.Contains(seen, e => e.Kind == LoginUserReport.ActionName);
            await Eventually.TrueAsync(() => logins.Count >= second.Accounts.Count, "the bot to see the new logins");
            Assert.Equal(second.Accounts.Order(StringComparer.Ordinal), logins.Order(StringComparer.Ordinal));
        }
        finally
        {
            LiveGateway.TryDelete(dir);
        }
    }
}
