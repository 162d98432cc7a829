using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>A text that @-mentions room members: <c>mentions</c> on the text message, written as <c>sendAtTextMessage</c>.</summary>
public sealed class MentionTests
{
    private const string Room = "5550001@chatroom";

    [Fact]
    public async Task A_text_with_mentions_goes_to_a_second_generation_client_as_sendAtTextMessage_with_a_placeholder_per_mention()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1801, wxid: "wxid_at2");
        await client.ReportAsync(new ChatRoomsReport { Account = "wxid_at2" });

        // No placeholder in the text: the gateway puts one per mention at its start.
        using var put = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_at2/messages?queue=true", new { type = "text", to = Room, text = "welcome", mentions = new[] { "wxid_a", "wxid_b" } });
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var first = await client.TakeCommandAsync();
        Assert.Equal("sendAtTextMessage", first.GetProperty("api").GetString());
        var option = first.GetProperty("option");
        Assert.Equal(Room, option.GetProperty("wxid").GetString());
        Assert.Equal("{$@} {$@} welcome", option.GetProperty("text").GetString());
        Assert.Equal(["wxid_a", "wxid_b"], option.GetProperty("atlist").EnumerateArray().Select(e => e.GetString()));

        // The caller's own placeholders are kept where they are.
        using var placed = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_at2/messages?queue=true", new { type = "text", to = Room, text = "hi {$@}, meet {$@}", mentions = new[] { "wxid_a", "wxid_b" } });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.Equal("hi {$@}, meet {$@}", (await client.TakeCommandAsync()).GetProperty("option").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("wxid_friend", "[\"wxid_x\"]", "to")]
    [InlineData(Room, "[]", "mentions")]
    [InlineData(Room, "[\"not a wxid\"]", "mentions[0]")]
    [InlineData(Room, "[\"wxid_a\"]", "text")]
    public async Task A_mention_that_cannot_be_written_is_refused_with_the_field_that_is_wrong(string to, string mentions, string field)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        await gateway.Client(pid: 1802, wxid: "wxid_at3").ReportAsync(new ChatRoomsReport { Account = "wxid_at3" });

        // The text holds two placeholders: one mention is one too few (the last case).
        var body = $"{{\"type\":\"text\",\"to\":\"{to}\",\"text\":\"a {{$@}} b {{$@}}\",\"mentions\":{mentions}}}";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await gateway.Http.PostAsync("/api/v1/accounts/wxid_at3/messages?queue=true", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/commands?account=wxid_at3")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Mentions_for_a_first_generation_client_are_refused_before_anything_is_queued_and_a_plain_text_is_not()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        await gateway.Client(pid: 1803, wxid: "wxid_at1").ReportAsync(new ContactReport { Account = "wxid_at1" });

        using var refused = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_at1/messages?queue=true", new { type = "text", to = Room, text = "hi", mentions = new[] { "wxid_a" } });
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, problem);
        Assert.EndsWith("generation-unsupported", JsonDocument.Parse(problem).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);

        using var plain = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_at1/messages?queue=true", new { type = "text", to = Room, text = "hi" });
        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        var only = Assert.Single((await gateway.GetJsonAsync("/api/v1/commands?account=wxid_at1")).GetProperty("items").EnumerateArray());
        Assert.Equal("sendTextMessage", only.GetProperty("api").GetString());
    }
}
