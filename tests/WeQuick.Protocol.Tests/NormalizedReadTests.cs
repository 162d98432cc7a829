using System.Text.Json;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>The normalized form reads back into the same typed report, as an SDK consuming the gateway's events needs.</summary>
public sealed class NormalizedReadTests
{
    public static TheoryData<string> ReportActions() => new(ProtocolRegistry.Reports.Select(k => k.Action));

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_report_kind_reads_back_from_its_normalized_form(string action)
    {
        var sample = Samples.Reports[action];
        var element = NormalizedJson.ToElement(sample);

        var read = NormalizedJson.ReadReport(element);

        Assert.Equal(ProtocolRegistry.Reports.Single(k => k.Action == action).ModelType, read?.GetType());
        Normalized.Equal(sample, read);
    }

    [Fact]
    public void A_message_read_back_keeps_its_conversation_view()
    {
        var sample = new TextMessageReport { Account = Samples.Me, MsgType = 1, MyMsg = false, RoomWxid = Samples.Room, WxidFrom = Samples.Friend, WxidTo = Samples.Room, Message = Samples.Text };

        var read = Assert.IsType<TextMessageReport>(NormalizedJson.ReadReport(NormalizedJson.ToElement(sample)));

        Assert.Equal(Samples.Room, read.ConversationId);
        Assert.Equal(Samples.Friend, read.SenderWxid);
        Assert.Equal(Samples.Text, read.Message);
    }

    [Fact]
    public void An_unknown_kind_reads_as_an_unknown_report_with_its_data()
    {
        using var doc = JsonDocument.Parse("""{"kind":"reportSomethingNew","account":"wxid_me","data":{"x":1}}""");

        var read = Assert.IsType<UnknownReport>(NormalizedJson.ReadReport(doc.RootElement));

        Assert.Equal("reportSomethingNew", read.Kind);
        Assert.Equal("wxid_me", read.Account);
        Assert.Equal(1, read.Data!.Value.GetProperty("x").GetInt32());
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"account":"wxid_me"}""")]
    [InlineData("""{"kind":7}""")]
    [InlineData("""{"kind":"reportTextMessage","msgType":"not a number"}""")]
    public void Something_that_is_not_a_normalized_report_reads_as_null(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Null(NormalizedJson.ReadReport(doc.RootElement));
    }
}
