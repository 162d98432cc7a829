using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Stopping_the_server_mid_traffic_loses_no_answered_report_and_no_accepted_command()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var answered = new ConcurrentBag<string>();
            var accepted = new ConcurrentBag<long>();
            var received = new ConcurrentBag<string>();
            var first = await TestGateway.StartAsync(dataDirectory: dir);
            var bot = first.Client(pid: 77);
            await bot.LogInAsync("wxid_durable");
            using var stop = new CancellationTokenSource();

            async Task Report(int writer)
            {
                using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
                for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
                {
                    var marker = $"{writer}:{i}";
                    var body = ReportEncoder.Encode(new TextMessageReport { Account = "wxid_durable", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = "wxid_durable", Message = marker });
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                        using var response = await http.PostAsync("/recieve_msg", content);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            answered.Add(marker);

                            // The answer is the second command channel: what it hands out counts as delivered.
                            foreach (var c in CommandDecoder.DecodeBatch(await response.Content.ReadAsByteArrayAsync()).Commands)
                            {
                                received.Add(c.SendId!);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The server went away under this request: it was not answered, so it may or may not be in the log.
                    }
                }
            }

            async Task Command()
            {
                using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
                for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/v1/commands", new { target = "wxid_durable", api = "sendTextMessage", option = new { wxid = "wxid_friend", text = $"c{i}" } });
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            var record = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                            accepted.Add(record.GetProperty("id").GetInt64());
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                    }
                }
            }

            var traffic = Enumerable.Range(0, 6).Select(Report).Append(Command()).Append(Command()).ToList();
            await Eventually.TrueAsync(() => Task.FromResult(answered.Count >= 300 && accepted.Count >= 30), () => $"traffic did not get going: {answered.Count} reports, {accepted.Count} commands");
            await first.StopAsync();
            await stop.CancelAsync();
            await Task.WhenAll(traffic);
            await first.DisposeAsync();

            await using var second = await TestGateway.StartAsync(dataDirectory: dir);
            var stored = (await second.AllEventsAsync())
                .Where(e => e.GetProperty("kind").GetString() == "reportTextMessage")
                .Select(e => e.GetProperty("data").GetProperty("message").GetString()!)
                .ToList();
            var counts = stored.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.All(answered, m => Assert.Equal(1, counts.GetValueOrDefault(m)));
            Assert.All(counts, kv => Assert.Equal(1, kv.Value));

            var queued = new List<long>();
            foreach (var id in accepted)
            {
                // Handed out before the stop (possibly in an answer the client never read: at most once), or still queued.
                var state = await second.CommandStateAsync(id);
                Assert.True(state is "queued" or "delivered", $"command {id} is {state}");
                if (state == "queued")
                {
                    queued.Add(id);
                }
            }

            Assert.All(received, sendId => Assert.Contains(long.Parse(sendId, System.Globalization.CultureInfo.InvariantCulture), accepted));
            Assert.Equal(received.Count, received.Distinct().Count());

            // The account's instance polls again: every command still queued is handed out, once, in order.
            var delivered = new List<Command>();
            await Eventually.TrueAsync(
                async () =>
                {
                    delivered.AddRange(await bot.WithHttp(second.Http).PollAsync());
                    return delivered.Count >= queued.Count;
                },
                () => $"{delivered.Count} of {queued.Count} queued commands delivered after the restart");
            Assert.Equal(queued.Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), delivered.Select(c => c.SendId));
            Assert.Empty(delivered.Select(c => c.SendId).Intersect(received));
            foreach (var id in accepted)
            {
                Assert.Equal("delivered", await second.CommandStateAsync(id));
            }

            Assert.Empty(second.Logs.Errors);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_delivered_send_survives_a_restart_as_delivered_and_is_not_handed_out_again()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            long id;
            await using (var first = await TestGateway.StartAsync(dataDirectory: dir))
            {
                var bot = first.Client(pid: 5);
                await bot.LogInAsync("wxid_r");
                id = (await first.PostCommandAsync("wxid_r", "sendTextMessage", new { wxid = "wxid_friend", text = "once" })).GetProperty("id").GetInt64();
                Assert.Single(await bot.PollUntilAnyAsync());
            }

            await using var second = await TestGateway.StartAsync(dataDirectory: dir);
            var again = second.Client(pid: 5, wxid: "wxid_r");
            Assert.Empty(await again.PollAsync());
            Assert.Equal("delivered", await second.CommandStateAsync(id));
            await again.ReportAsync(new CommandAck { Account = "wxid_r", SendId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), SendResult = "1" });
            await second.WaitForCommandAsync(id, "completed");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
