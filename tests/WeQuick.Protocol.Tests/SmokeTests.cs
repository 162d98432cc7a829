using System.Text;
using WeQuick.Protocol;

namespace WeQuick.Protocol.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void A_wrapped_text_message_with_a_trailing_comma_decodes()
    {
        var body = """{"data":{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":"1","myMsg":"0","roomWxid":null,"wxidFrom":"wxid_a","wxidTo":"wxid_me","message":"hi \uE04C",}}}}""";
        var result = ReportDecoder.Decode(body);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        var text = Assert.IsType<TextMessageReport>(result.Report);
        Assert.Equal("wxid_a", text.ConversationId);
        Assert.Equal("hi \uE04C", text.Message);
        Assert.Equal(1, text.MsgType);
        Assert.False(text.IsSelf);
        var normalized = Encoding.UTF8.GetString(NormalizedJson.Serialize(text));
        Assert.StartsWith("{\"kind\":\"reportTextMessage\",\"account\":\"wxid_me\"", normalized, StringComparison.Ordinal);
    }
}
