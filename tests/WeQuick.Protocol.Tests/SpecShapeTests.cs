using System.Text.Json;
using System.Text.Json.Nodes;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// The <see cref="ReportQuirks.Spec"/> profile and the command encoder write exactly the spec's shapes: the
/// same property names in the same order, strings where the spec prints strings and numbers where it
/// prints numbers.
/// </summary>
public sealed class SpecShapeTests
{
    /// <summary>The spec's ack example ("send_msg 任务下发到DLL的响应"); ack.json is the bare envelope with empty data.</summary>
    private const string SpecAck = """{"action":"","cwxid":"wxid_qg0saisth0r222","data":{"errorReason":"","sendId":"150588","sendResult":"1"}}""";

    public static TheoryData<string> ReportActions() => new(ProtocolRegistry.Reports.Select(k => k.Action));

    public static TheoryData<string> CommandApis() => new(ProtocolRegistry.Commands.Select(k => k.Api));

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_decoded_spec_example_is_written_back_in_the_specs_shape(string action)
    {
        var example = action == CommandAck.AckKind ? System.Text.Encoding.UTF8.GetBytes(SpecAck) : Fixtures.Report(action);
        var expected = Fixtures.ParseNode(example);
        if (expected is JsonObject o && !o.ContainsKey("action"))
        {
            expected = o["data"]!;
        }

        var report = ReportDecoder.Decode(example).Report!;
        var written = JsonNode.Parse(ReportEncoder.Encode(report, ReportQuirks.Spec))!;
        Assert.Equal("data", Assert.Single(written.AsObject()).Key);
        AssertSameShape(expected, written["data"]!, "$");
    }

    [Theory]
    [MemberData(nameof(CommandApis))]
    public void A_decoded_command_example_is_written_back_in_the_specs_shape(string api)
    {
        var expected = Fixtures.ParseNode(Fixtures.Command(api));
        var command = Assert.Single(CommandDecoder.DecodeBatch(Fixtures.Command(api)).Commands);
        var written = Assert.IsType<JsonArray>(JsonNode.Parse(CommandEncoder.EncodeBatch([command])));
        var entry = Assert.Single(written)!;
        if (api == CreateChatRoomCommand.ApiName)
        {
            // The spec prints wxidLists as "", but it is a list (docs/protocol-notes.md): the encoder writes an array.
            Assert.Equal(JsonValueKind.Array, entry["option"]!["wxidLists"]!.GetValueKind());
            expected["option"]!["wxidLists"] = new JsonArray();
        }

        // A list of nothing but absent entries (the second generation prints ["", ""]) is written as the empty list.
        foreach (var (name, value) in expected["option"]!.AsObject().ToList())
        {
            if (value is JsonArray list && list.All(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0))
            {
                expected["option"]![name] = new JsonArray();
            }
        }

        // The spec prints "api" first in its examples and "sendId" first in its note; order is not part of the contract here.
        Assert.Equal(["api", "option", "sendId"], entry.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        AssertSameShape(expected["option"]!, entry["option"]!, "$.option");
    }

    [Fact]
    public void A_text_message_has_a_numeric_msg_type_and_a_string_my_msg()
    {
        var node = Encode(Samples.Reports[TextMessageReport.ActionName]);
        var msg = node["data"]!["data"]!["msg"]!.AsObject();
        Assert.Equal(["msgType", "myMsg", "roomWxid", "wxidFrom", "wxidTo", "nick", "message", "xmlmsg"], msg.Select(p => p.Key));
        Assert.Equal(JsonValueKind.Number, msg["msgType"]!.GetValueKind());
        Assert.Equal(1, msg["msgType"]!.GetValue<int>());
        Assert.Equal("0", msg["myMsg"]!.GetValue<string>());
        Assert.Equal(Samples.Text, msg["message"]!.GetValue<string>());

        var envelope = node["data"]!.AsObject();
        Assert.Equal(["action", "cwxid", "data"], envelope.Select(p => p.Key));
        Assert.Equal("reportTextMessage", envelope["action"]!.GetValue<string>());
        Assert.Equal(Samples.Me, envelope["cwxid"]!.GetValue<string>());
    }

    [Fact]
    public void A_text_message_without_xml_has_exactly_the_specs_seven_fields()
    {
        var report = (TextMessageReport)Samples.Reports[TextMessageReport.ActionName] with { XmlMsg = null };
        var msg = Encode(report)["data"]!["data"]!["msg"]!.AsObject();
        Assert.Equal(7, msg.Count);
    }

    [Fact]
    public void A_file_message_has_its_msg_type_as_the_string_4901()
    {
        var msg = Encode(Samples.Reports[FileMessageReport.ActionName])["data"]!["data"]!["msg"]!.AsObject();
        Assert.Equal(8, msg.Count);
        Assert.Equal(JsonValueKind.String, msg["msgType"]!.GetValueKind());
        Assert.Equal("4901", msg["msgType"]!.GetValue<string>());
    }

    [Fact]
    public void A_mini_program_message_spells_msg_type_with_an_underscore()
    {
        var msg = Encode(Samples.Reports[MiniMessageReport.ActionName])["data"]!["data"]!["msg"]!.AsObject();
        Assert.Equal(7, msg.Count);
        Assert.False(msg.ContainsKey("msgType"));
        Assert.Equal("4903", msg["msg_type"]!.GetValue<string>());
    }

    [Fact]
    public void An_emoji_message_spells_msg_type_with_an_underscore_and_a_number()
    {
        var msg = Encode(Samples.Reports[GifMessageReport.ActionName])["data"]!["data"]!["msg"]!.AsObject();
        Assert.False(msg.ContainsKey("msgType"));
        Assert.Equal(47, msg["msg_type"]!.GetValue<int>());
        Assert.Equal("<msg><", msg["url"]!.GetValue<string>());
    }

    [Fact]
    public void The_login_user_is_flat_in_the_spec_and_under_info_from_a_real_client()
    {
        var report = Samples.Reports[LoginUserReport.ActionName];
        var spec = Encode(report)["data"]!["data"]!.AsObject();
        Assert.False(spec.ContainsKey("info"));
        Assert.Equal(Samples.Me, spec["wxid"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, spec["sex"]!.GetValueKind());

        var real = Encode(report, ReportQuirks.RealClient)["data"]!["data"]!.AsObject();
        var info = Assert.Single(real).Value!.AsObject();
        Assert.Equal("info", Assert.Single(real).Key);
        Assert.Equal(11, info.Count);
        Assert.Equal("1", info["isFriend"]!.GetValue<string>());
        Assert.Equal(1234567890123L, info["uin"]!.GetValue<long>());
        Assert.Equal(JsonValueKind.String, info["sex"]!.GetValueKind());
    }

    [Fact]
    public void A_real_client_writes_an_absent_room_and_account_as_null_and_flips_number_forms()
    {
        var report = new TextMessageReport { MsgType = 1, MyMsg = false, WxidFrom = Samples.Friend, WxidTo = Samples.Me, Message = "hi" };
        var spec = Encode(report)["data"]!.AsObject();
        Assert.Equal("", spec["cwxid"]!.GetValue<string>());
        Assert.Equal("", spec["data"]!["msg"]!["roomWxid"]!.GetValue<string>());

        var real = Encode(report, ReportQuirks.RealClient)["data"]!.AsObject();
        Assert.Null(real["cwxid"]);
        Assert.True(real.ContainsKey("cwxid"));
        var msg = real["data"]!["msg"]!.AsObject();
        Assert.True(msg.ContainsKey("roomWxid"));
        Assert.Null(msg["roomWxid"]);
        Assert.False(msg.ContainsKey("nick")); // real clients leave nick out of private messages
        Assert.Equal("1", msg["msgType"]!.GetValue<string>());
    }

    [Fact]
    public void A_real_client_sends_res_logout_without_cwxid_and_with_a_null_error_reason()
    {
        var envelope = Encode(new LogoutResultReport { SendResult = "1" }, ReportQuirks.RealClient)["data"]!.AsObject();
        Assert.Equal(["action", "data"], envelope.Select(p => p.Key));
        var data = envelope["data"]!.AsObject();
        Assert.Equal(2, data.Count);
        Assert.True(data.ContainsKey("errorReason"));
        Assert.Null(data["errorReason"]);
        Assert.Equal("1", data["sendResult"]!.GetValue<string>());
    }

    [Fact]
    public void A_send_text_command_is_written_as_the_spec_prints_it()
    {
        var written = JsonNode.Parse(CommandEncoder.EncodeBatch([Samples.Commands[SendTextMessageCommand.ApiName]]))!.AsArray();
        var entry = Assert.Single(written)!.AsObject();
        Assert.Equal(3, entry.Count);
        Assert.Equal("sendTextMessage", entry["api"]!.GetValue<string>());
        Assert.Equal("5", entry["sendId"]!.GetValue<string>());
        var option = entry["option"]!.AsObject();
        Assert.Equal(["wxid", "text"], option.Select(p => p.Key));
        Assert.Equal(Samples.Text, option["text"]!.GetValue<string>());
    }

    [Fact]
    public void Numbers_in_command_options_are_written_as_strings_as_the_spec_does()
    {
        var entry = JsonNode.Parse(CommandEncoder.EncodeBatch([new GetContactCommand { Flag = 7 }, new CloseProcessCommand { Pid = 4321 }]))!.AsArray();
        Assert.Equal("7", entry[0]!["option"]!["flag"]!.GetValue<string>());
        Assert.Equal("4321", entry[1]!["option"]!["pid"]!.GetValue<string>());
        Assert.Equal("", entry[0]!["sendId"]!.GetValue<string>());
    }

    private static JsonNode Encode(Report report, ReportQuirks quirks = ReportQuirks.Spec) =>
        JsonNode.Parse(ReportEncoder.Encode(report, quirks))!;

    private static void AssertSameShape(JsonNode expected, JsonNode actual, string path)
    {
        var kind = expected.GetValueKind();
        Assert.True(kind == actual.GetValueKind(), $"{path}: the spec has {kind}, the encoder wrote {actual.GetValueKind()} ({actual.ToJsonString()})");
        switch (expected)
        {
            case JsonObject eo:
                var ao = actual.AsObject();
                Assert.Equal(eo.Select(p => p.Key), ao.Select(p => p.Key));
                foreach (var (name, value) in eo)
                {
                    AssertSameShape(value!, ao[name]!, $"{path}.{name}");
                }

                break;
            case JsonArray ea:
                var aa = actual.AsArray();
                Assert.Equal(ea.Count, aa.Count);
                for (var i = 0; i < ea.Count; i++)
                {
                    AssertSameShape(ea[i]!, aa[i]!, $"{path}[{i}]");
                }

                break;
        }
    }
}
