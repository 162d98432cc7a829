using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Queries;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Storage.Sqlite;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The application core is a front end's only way in, and needs no HTTP: a plain generic host with the core and
/// the SQLite store takes a client's reports, runs a command from submission to its ack, feeds the events and
/// answers queries, with no web server in the process.
/// </summary>
public sealed class CoreWithoutHttpTests
{
    [Fact]
    public void The_core_and_the_store_reference_no_ASP_NET_assembly()
    {
        foreach (var assembly in new[] { typeof(CommandService).Assembly, typeof(SqliteGatewayStore).Assembly })
        {
            var web = assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).Select(a => a.Name).ToList();
            Assert.True(web.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", web)}");
        }
    }

    [Fact]
    public async Task A_generic_host_with_only_the_core_ingests_runs_a_command_to_its_ack_feeds_and_answers_queries()
    {
        await TestGateway.WithDataDirectoryAsync(async dir =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero)));
            builder.Services.AddWeQuickGatewayCore(o =>
            {
                o.DataDirectory = dir;
                o.Pacing.Enabled = false;
            }).UseSqlite();
            using var host = builder.Build();
            await host.StartAsync();
            try
            {
                var services = host.Services;
                var ingestor = services.GetRequiredService<ReportIngestor>();
                var delivery = services.GetRequiredService<CommandDelivery>();
                var commands = services.GetRequiredService<CommandService>();

                // A client logs in: its report, then a poll carrying its wxid (presence binds the account).
                Assert.IsType<Appended>(await ingestor.IngestAsync(ReportEncoder.Encode(new LoginUserReport { Account = "wxid_core", Wxid = "wxid_core", Nick = "core" }), "application/json", "client"));
                Assert.Equal("[]", Encoding.UTF8.GetString((await delivery.PollAsync("client", 77, "wxid_core", TimeSpan.Zero, CancellationToken.None)).Commands!));

                // A command: submitted, waited for, handed out by a poll, acked by a report.
                var submission = await commands.SubmitAsync(new CommandRequest(CommandTarget.ForAccount("wxid_core"), new SendTextMessageCommand { Wxid = "wxid_friend", Text = "no HTTP here" }), CancellationToken.None);
                Assert.Null(submission.Refusal);
                var id = submission.Command!.Id;
                var waiting = commands.WaitAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
                var handed = CommandDecoder.DecodeBatch((await delivery.PollAsync("client", 77, "wxid_core", TimeSpan.Zero, CancellationToken.None)).Commands!).Commands;
                var sent = Assert.IsType<SendTextMessageCommand>(Assert.Single(handed));
                Assert.Equal("no HTTP here", sent.Text);
                await ingestor.IngestAsync(ReportEncoder.Encode(new CommandAck { Account = "wxid_core", SendId = sent.SendId, SendResult = "1" }), "application/json", "client");
                var done = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(CommandState.Completed, done!.State);

                // The feed carries every event decoded, and the queries answer from the typed projections.
                var events = await services.GetRequiredService<EventFeed>().ReadAsync(0, 100, CancellationToken.None);
                Assert.IsType<LoginUserReport>(events.First(e => e.Kind == LoginUserReport.ActionName).Report);
                Assert.Contains(events, e => e.Presence is { Account: "wxid_core", Pid: 77 });
                Assert.Contains(events, e => e.Report is CommandAck ack && ack.SendId == sent.SendId);
                var account = await services.GetRequiredService<StateQueries>().AccountAsync("wxid_core", CancellationToken.None);
                Assert.Equal("loggedIn", account!.Account.LoginState);
                Assert.Equal("core", account.Account.Profile!.Nick);

                // Refusals are the core's own values, which each front end maps to its answers.
                var refused = await commands.SubmitAsync(new CommandRequest(CommandTarget.ForAccount("wxid_nobody"), new GetContactCommand()), CancellationToken.None);
                Assert.Equal(RefusalKind.NotFound, refused.Refusal!.Kind);
            }
            finally
            {
                await host.StopAsync();
            }
        });
    }
}
