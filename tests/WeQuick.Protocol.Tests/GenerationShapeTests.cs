using System.Text.Json;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>A report written in a chosen generation's shape reads back unchanged, and has that generation's shape.</summary>
public sealed class GenerationShapeTests
{
    public static TheoryData<string, ReportQuirks> SecondGenerationKinds()
    {
        var data = new TheoryData<string, ReportQuirks>();
        foreach (var kind in ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)))
        {
            foreach (var quirks in Enum.GetValues<ReportQuirks>())
            {
                data.Add(kind.Action, quirks);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SecondGenerationKinds))]
    public void A_report_written_in_the_second_generations_shape_comes_back_as_it_was(string action, ReportQuirks quirks)
    {
        var report = Samples.Reports[action];
        var body = ReportEncoder.Encode(report, quirks, BodyEncoding.Json, InterfaceGenerations.V2);
        var decoded = ReportDecoder.Decode(body);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        Normalized.Equal(report, decoded.Report);
    }

    [Fact]
    public void A_message_both_generations_have_is_flat_with_msgid_in_the_second_and_under_msg_in_the_first()
    {
        var text = new TextMessageReport
        {
            Account = "wxid_me",
            MsgType = 1,
            MyMsg = false,
            RoomWxid = "123456789@chatroom",
            WxidFrom = "wxid_a",
            WxidTo = "123456789@chatroom",
            Message = "@me hi",
            AtList = ["wxid_me"],
            MsgId = "7281923",
            Timestamp = 1_700_000_000,
        };

        using var v2 = JsonDocument.Parse(ReportEncoder.Encode(text, ReportQuirks.Spec, BodyEncoding.Json, InterfaceGenerations.V2));
        var data2 = v2.RootElement.GetProperty("data").GetProperty("data");
        Assert.False(data2.TryGetProperty("msg", out _));
        Assert.Equal("7281923", data2.GetProperty("msgid").GetString());
        Assert.Equal("wxid_me", data2.GetProperty("atlist")[0].GetString());
        Assert.True(data2.TryGetProperty("ispc", out _));

        using var v1 = JsonDocument.Parse(ReportEncoder.Encode(text with { MsgId = null, Timestamp = null, AtList = null }, ReportQuirks.Spec, BodyEncoding.Json, InterfaceGenerations.V1));
        var data1 = v1.RootElement.GetProperty("data").GetProperty("data");
        Assert.True(data1.TryGetProperty("msg", out var msg));
        Assert.False(msg.TryGetProperty("msgid", out _));

        var back = Assert.IsType<TextMessageReport>(ReportDecoder.Decode(ReportEncoder.Encode(text, ReportQuirks.RealClient, BodyEncoding.Json, InterfaceGenerations.V2)).Report);
        Assert.Equal(["wxid_me"], back.AtList);
        Assert.Equal("7281923", back.MsgId);
    }

    [Fact]
    public void The_login_report_carries_the_second_generations_fields_in_its_shape()
    {
        var login = new LoginUserReport { Account = "wxid_me", Wxid = "wxid_me", Username = "me_123", Nick = "我", Phone = "13800000000", UnreadMsg = 3, WxDir = @"C:\WeChat Files\wxid_me\" };
        using var doc = JsonDocument.Parse(ReportEncoder.Encode(login, ReportQuirks.Spec, BodyEncoding.Json, InterfaceGenerations.V2));
        var data = doc.RootElement.GetProperty("data").GetProperty("data");
        Assert.Equal("me_123", data.GetProperty("alias").GetString());
        Assert.Equal("13800000000", data.GetProperty("phone").GetString());
        Normalized.Equal(login, ReportDecoder.Decode(ReportEncoder.Encode(login, ReportQuirks.Spec, BodyEncoding.Json, InterfaceGenerations.V2)).Report);

        // A real client nests the profile under info and adds isFriend; the second generation's fields come through.
        var real = Assert.IsType<LoginUserReport>(ReportDecoder.Decode(ReportEncoder.Encode(login, ReportQuirks.RealClient, BodyEncoding.Json, InterfaceGenerations.V2)).Report);
        Assert.Equal((login.Phone, login.UnreadMsg, login.WxDir, login.Username), (real.Phone, real.UnreadMsg, real.WxDir, real.Username));
    }
}
