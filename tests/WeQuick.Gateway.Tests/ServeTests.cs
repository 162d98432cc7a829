using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Cli.Gateway;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class ServeTests
{
    [Fact]
    public async Task The_serve_host_reads_its_settings_keeps_its_data_in_the_folder_and_serves_the_client_urls()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            await using (var app = GatewayServer.Build("http://127.0.0.1:0", dir, [
                new("Gateway:Clients:0:Name", "office"),
                new("Gateway:Clients:0:Token", "office-token-xyz"),
                new("Gateway:OnlineGrace", "00:02:00"),
            ]))
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(address) };
                Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.OnlineGrace);

                using (var health = await http.GetAsync("/healthz"))
                {
                    Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                }

                var body = ReportEncoder.Encode(new TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = "x" });
                using (var refused = await http.PostAsync("/recieve_msg", new ByteArrayContent(body)))
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                }

                using (var ok = await http.PostAsync("/c/office-token-xyz/recieve_msg", new ByteArrayContent(body)))
                {
                    Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                }

                await app.StopAsync();
            }

            Assert.True(File.Exists(Path.Combine(dir, "wequick.db")));
            Assert.Equal(1, await TestGateway.OpenStore(dir).CountEventsAsync(default));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_settings_files_are_read_once_and_not_watched()
    {
        // Watching them for changes watches the whole current folder, where ./data is by default: every write to
        // the log woke the watcher's thread, which took about a tenth of the gateway's CPU under load.
        await using var app = GatewayServer.Build("http://127.0.0.1:0", TestGateway.NewDataDirectory());
        var files = ((Microsoft.Extensions.Configuration.IConfigurationRoot)app.Configuration).Providers
            .OfType<Microsoft.Extensions.Configuration.FileConfigurationProvider>()
            .ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_with_the_reason()
    {
        var dir = TestGateway.NewDataDirectory();
        await using var app = GatewayServer.Build("http://127.0.0.1:0", dir, [new("Gateway:Clients:0:Name", "x"), new("Gateway:Clients:0:Token", "short")]);
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Token must be at least 8 characters", ex.Message, StringComparison.Ordinal);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_close_process_for_an_instance_names_its_pid_when_the_option_does_not()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 5150);
        Assert.Empty(await client.PollAsync());
        await gateway.PostCommandAsync("pid:5150", "closeProcess");
        var close = Assert.IsType<CloseProcessCommand>(Assert.Single(await client.PollUntilAnyAsync()));
        Assert.Equal(5150, close.Pid);
    }
}
