using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Protocol;

namespace WeQuick.Sdk.Tests;

/// <summary>The examples of README and docs/sdk.md, compiled as written, with their handlers counted (they are not run here; the live tests run the same calls).</summary>
public sealed class DocExampleTests
{
    [Fact]
    public void The_ten_line_bot_compiles_and_registers_its_two_handlers()
    {
        // As in docs/sdk.md, "A bot in ten lines", without the final RunAsync.
        var bot = new WeQuickBot(WeQuickBotOptions.FromEnvironment());
        bot.OnText("ping", ctx => ctx.ReplyAsync("pong"));
        bot.OnFriendRequest(ctx => ctx.AcceptAsync());

        Assert.Equal(2, bot.Handlers.Count);
        bot.Dispose();
    }

    [Fact]
    public void The_bot_model_example_compiles_and_registers_its_handlers()
    {
        var gateway = new Uri("http://127.0.0.1:8080");
        var key = "wqk_example";
        var uploadUrl = new Uri("http://127.0.0.1:9000/upload");
        var loggerFactory = NullLoggerFactory.Instance;
        static string Forecast(string text) => "晴 " + text;

        var bot = new WeQuickBot(new WeQuickBotOptions { BaseUrl = gateway, ApiKey = key, CursorFile = "bot.cursor" }, loggerFactory);

        bot.OnText("help", ctx => ctx.ReplyAsync("ping, weather <city>"));
        bot.OnText(new Regex(@"^weather (\w+)$"), ctx => ctx.ReplyAsync(Forecast(ctx.Text!)));
        bot.OnText(ctx => ctx.ReplyAsync("叫我干嘛？", mention: true)).InRoom().MentionsMe();
        bot.OnText(ctx => ctx.ReplyAsync("收到")).InPrivate().From("wxid_boss").Containing("报告");
        bot.OnRoomMemberJoined(ctx => ctx.Join.AccountJoined ? Task.CompletedTask : ctx.ReplyAsync("欢迎！", mention: true));
        bot.OnRoomMemberLeft(ctx => ctx.Leave.AccountLeft ? Task.CompletedTask : ctx.ReplyAsync($"{string.Join("、", ctx.Leave.Names)} 离开了群聊"));
        bot.OnTransfer(ctx => ctx.AcceptAsync());
        bot.On<PicMessageReport>(ctx => ctx.Client.UploadFileAsync(ctx.Account!, ctx.Report.FileIndex!, uploadUrl));
        bot.Use(async (ctx, next) =>
        {
            using var scope = ctx.Logger.BeginScope("conversation {Conversation}", ctx.ConversationId);
            await next();
        });

        Assert.Equal(8, bot.Handlers.Count);
        Assert.Single(bot.Middleware);
        bot.Dispose();
    }

    [Fact]
    public void The_sdk_readmes_room_example_compiles_and_registers_its_three_handlers()
    {
        // As in src/WeQuick.Sdk/README.md, "Rooms: mentions, joins and leaves".
        var bot = new WeQuickBot(new WeQuickBotOptions { BaseUrl = new Uri("http://127.0.0.1:8080"), ApiKey = "wqk_example" }, NullLoggerFactory.Instance);
        bot.OnText(ctx => ctx.ReplyAsync($"在呢（你提到了 {ctx.Mentions.Count} 人）", mention: true)).InRoom().MentionsMe();
        bot.OnRoomMemberJoined(ctx => ctx.Join.AccountJoined ? Task.CompletedTask : ctx.ReplyAsync("欢迎！", mention: true));
        bot.OnRoomMemberLeft(ctx => ctx.Leave.AccountLeft ? Task.CompletedTask : ctx.ReplyAsync($"{string.Join("、", ctx.Leave.Names)} 离开了群聊"));

        Assert.Equal(["TextMessageReport", "room member joined", "room member left"], bot.Handlers.Select(h => h.Name));
        bot.Dispose();
    }

    [Fact]
    public void The_hosting_example_registers_the_bot_and_its_hosted_service()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["WeQuick:Url"] = "http://127.0.0.1:8080";
        builder.Services.AddWeQuickBot(
            o =>
            {
                o.BaseUrl = new Uri(builder.Configuration["WeQuick:Url"]!);
                o.ApiKey = builder.Configuration["WeQuick:Key"];
                o.CursorFile = "data/bot.cursor";
            },
            (bot, services) => bot.OnText("ping", ctx => ctx.ReplyAsync("pong")));
        using var host = builder.Build();

        var bot = host.Services.GetRequiredService<WeQuickBot>();
        Assert.Equal(new Uri("http://127.0.0.1:8080"), bot.Client.BaseUrl);
        Assert.Single(bot.Handlers);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "WeQuickBotService");
    }
}
