using System.Net;
using System.Text;

namespace WeQuick.Protocol.Tests;

/// <summary>One scenario per quirk of real WeQuick traffic (docs/protocol-notes.md) that the decoder must accept.</summary>
public sealed class ReportQuirkTests
{
    private const string BareText = """{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"wxid_peer","wxidTo":"wxid_me","message":"你好\uE04C😀"}}}""";

    private static TextMessageReport Text(ReportDecodeResult result)
    {
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return Assert.IsType<TextMessageReport>(result.Report);
    }

    private static ReportDecodeResult Decode(string body, string? contentType = null) => ReportDecoder.Decode(body, contentType);

    [Fact]
    public void The_same_report_decodes_with_and_without_the_outer_data_wrapper()
    {
        var bare = Decode(BareText);
        var wrapped = Decode($$$$"""{"data":{{{{BareText}}}}}""");
        Assert.False(bare.Wrapped);
        Assert.True(wrapped.Wrapped);
        Assert.Equal(Text(bare), Text(wrapped));
        Assert.Equal("你好\uE04C😀", Text(bare).Message);
    }

    [Fact]
    public void A_wrapper_whose_data_is_the_envelope_as_a_json_string_is_unwrapped()
    {
        var asString = System.Text.Json.JsonSerializer.Serialize(BareText);
        var result = Decode($$$$"""{"data":{{{{asString}}}}}""");
        Assert.True(result.Wrapped);
        Assert.Equal("wxid_peer", Text(result).WxidFrom);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData(null)]
    [InlineData("text/plain")]
    public void A_form_encoded_body_is_read_from_its_data_field_with_or_without_the_content_type(string? contentType)
    {
        var wrapped = $$$$"""{"data":{{{{BareText}}}}}""";
        var body = "data=" + WebUtility.UrlEncode(wrapped);
        var result = Decode(body, contentType);
        var text = Text(result);
        Assert.True(result.Wrapped);
        Assert.Equal("你好\uE04C😀", text.Message);
        Assert.Equal(Encoding.UTF8.GetBytes(body), result.Body.ToArray());
    }

    [Fact]
    public void A_form_body_with_the_bare_envelope_and_other_fields_is_read_too()
    {
        var body = "pid=1234&data=" + WebUtility.UrlEncode(BareText) + "&x=1";
        var result = Decode(body, "application/x-www-form-urlencoded");
        Assert.False(result.Wrapped);
        Assert.Equal("wxid_peer", Text(result).WxidFrom);
    }

    [Fact]
    public void A_json_body_mislabelled_as_a_form_is_read_as_json()
    {
        Assert.Equal("wxid_peer", Text(Decode(BareText, "application/x-www-form-urlencoded")).WxidFrom);
    }

    [Fact]
    public void A_form_body_without_a_data_field_is_an_error_that_says_so()
    {
        var result = Decode("a=1&b=2", "application/x-www-form-urlencoded");
        Assert.False(result.IsSuccess);
        Assert.Contains("data", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_commas_as_in_the_specs_own_examples_are_accepted()
    {
        var result = Decode("""{"data":{"action":"reportChatRoomChange","cwxid":"wxid_me","data":{"nick":"新群","chatroom":"1@chatroom",},},}""");
        var change = Assert.IsType<ChatRoomChangeReport>(result.Report);
        Assert.Equal("新群", change.Nick);
        Assert.Equal("1@chatroom", change.ChatRoom);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("\"1\"", 1)]
    [InlineData("\" 1 \"", 1)]
    [InlineData("1.0", 1)]
    [InlineData("\"abc\"", null)]
    [InlineData("1.5", null)]
    [InlineData("\"\"", null)]
    public void Msg_type_is_read_as_a_number_or_a_numeric_string(string wire, int? expected)
    {
        var body = $$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":{{{{wire}}}},"wxidFrom":"wxid_peer","message":"hi"}}}""";
        var text = Text(Decode(body));
        Assert.Equal(expected, text.MsgType);
        Assert.Equal("hi", text.Message); // one bad field never fails the report
    }

    [Fact]
    public void Numbers_arrive_as_strings_and_strings_as_numbers()
    {
        var contact = Assert.IsType<ContactReport>(Decode("""
            {"action":"reportContact","cwxid":"wxid_me","data":{
              "friendList":[{"wxid":"wxid_a","sex":2,"isFriend":"1"},{"wxid":12345,"sex":"2","isFriend":1}],
              "groupList":[{"wxid":"1@chatroom","roomCount":100},{"wxid":"2@chatroom","roomCount":""},{"wxid":"3@chatroom","roomCount":"7"}]}}
            """).Report);
        Assert.Equal([2, 2], contact.FriendList!.Select(f => f.Sex));
        Assert.Equal([1, 1], contact.FriendList!.Select(f => f.IsFriend));
        Assert.Equal("12345", contact.FriendList![1].Wxid);
        Assert.Equal([100, null, 7], contact.GroupList!.Select(g => g.RoomCount));

        var status = Assert.IsType<LoginStatusReport>(Decode("""{"action":"loginStatus","cwxid":"wxid_me","data":{"code":"1"}}""").Report);
        Assert.True(status.LoggedIn);

        var ack = Assert.IsType<CommandAck>(Decode("""{"action":"","cwxid":"wxid_me","data":{"sendId":150588,"sendResult":1,"errorReason":""}}""").Report);
        Assert.Equal("150588", ack.SendId);
        Assert.Equal("1", ack.SendResult);
        Assert.True(ack.Succeeded);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"null\"")]
    [InlineData("\"(null)\"")]
    [InlineData("\"\"")]
    public void Null_and_its_spellings_are_absent(string absent)
    {
        var body = $$$$"""
            {"action":"reportTextMessage","cwxid":{{{{absent}}}},"data":{"msg":{"msgType":{{{{absent}}}},"myMsg":{{{{absent}}}},"roomWxid":{{{{absent}}}},
             "wxidFrom":"wxid_peer","wxidTo":{{{{absent}}}},"nick":{{{{absent}}}},"message":{{{{absent}}}},"xmlmsg":{{{{absent}}}}}}}
            """;
        var text = Text(Decode(body));
        Assert.Null(text.Account);
        Assert.Null(text.MsgType);
        Assert.Null(text.MyMsg);
        Assert.Null(text.RoomWxid);
        Assert.Null(text.WxidTo);
        Assert.Null(text.Nick);
        Assert.Null(text.Message);
        Assert.Null(text.XmlMsg);
        Assert.Equal("wxid_peer", text.WxidFrom);
        Assert.Equal("wxid_peer", text.ConversationId);
        Assert.DoesNotContain("\"message\"", Normalized(text), StringComparison.Ordinal); // absent is left out
    }

    [Fact]
    public void A_literal_text_that_merely_contains_null_is_kept()
    {
        var text = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"message":"null pointer","nick":"(null)x"}}}"""));
        Assert.Equal("null pointer", text.Message);
        Assert.Equal("(null)x", text.Nick);
    }

    [Theory]
    [InlineData("reportMiniMessage", "msg_type", 4903)]
    [InlineData("reportMiniMessage", "msgType", 4903)]
    [InlineData("reportGifMessage", "msg_type", 47)]
    [InlineData("reportGifMessage", "msgType", 47)]
    [InlineData("reportTextMessage", "msg_type", 1)]
    public void Msg_type_is_read_under_either_spelling(string action, string field, int msgType)
    {
        var body = $$$$"""{"action":"{{{{action}}}}","cwxid":"wxid_me","data":{"msg":{"{{{{field}}}}":"{{{{msgType}}}}","wxidFrom":"wxid_peer"}}}""";
        var message = Assert.IsAssignableFrom<MessageReport>(Decode(body).Report);
        Assert.Equal(msgType, message.MsgType);
    }

    [Fact]
    public void The_login_user_is_read_flat_as_the_spec_shows_it_or_under_info_as_real_clients_send_it()
    {
        var flat = Assert.IsType<LoginUserReport>(Decode("""
            {"action":"reportLoginUser","cwxid":"wxid_me","data":{"wxid":"wxid_me","nick":"我","sex":"2","uin":"88888888"}}
            """).Report);
        var nested = Assert.IsType<LoginUserReport>(Decode("""
            {"data":{"action":"reportLoginUser","cwxid":"wxid_me","data":{"info":{"wxid":"wxid_me","nick":"我","sex":2,"uin":88888888,"isFriend":1,"username":"(null)"}}}}
            """).Report);
        Assert.Equal(flat with { IsFriend = 1 }, nested);
        Assert.Equal("wxid_me", nested.Wxid);
        Assert.Equal(2, nested.Sex);
        Assert.Equal(88888888L, nested.Uin);
        Assert.Equal(1, nested.IsFriend);
        Assert.Null(nested.Username);
    }

    [Fact]
    public void A_missing_cwxid_and_a_null_cwxid_are_both_no_account()
    {
        var missing = Assert.IsType<LogoutResultReport>(Decode("""{"data":{"action":"resLogout","data":{"errorReason":null,"sendResult":"1"}}}""").Report);
        Assert.Null(missing.Account);
        Assert.Null(missing.ErrorReason);
        Assert.True(missing.Succeeded);

        var nullAccount = Assert.IsType<LoginStatusReport>(Decode("""{"data":{"action":"loginStatus","cwxid":null,"data":{"code":0}}}""").Report);
        Assert.Null(nullAccount.Account);
        Assert.Equal(0, nullAccount.Code);
        Assert.StartsWith("""{"kind":"loginStatus","account":null""", Normalized(nullAccount), StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_bom_before_the_json_is_skipped_and_kept_in_the_raw_body()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(BareText)];
        var result = ReportDecoder.Decode(body);
        Assert.Equal("wxid_peer", Text(result).WxidFrom);
        Assert.Equal(body, result.Body.ToArray());
    }

    [Fact]
    public void Private_use_and_non_bmp_characters_are_kept_exactly_and_the_raw_body_byte_for_byte()
    {
        const string message = "\uE04C\uE056[微笑]😀👨‍👩‍👧 \uDBC0\uDC00";
        var body = Encoding.UTF8.GetBytes($$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"message":"{{{{message}}}}","nick":"\uE04C"}}}""");
        var copy = body.ToArray();
        var result = ReportDecoder.Decode(body);
        var text = Text(result);
        Assert.Equal(message, text.Message);
        Assert.Equal("\uE04C", text.Nick);
        Assert.Equal(copy, result.Body.ToArray());
        Assert.Equal(copy, body); // the decoder does not write into the caller's buffer
    }

    [Fact]
    public void Escaped_private_use_characters_decode_to_the_same_text()
    {
        var text = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"message":"\uE04C\ud83d\ude00"}}}"""));
        Assert.Equal("\uE04C😀", text.Message);
    }

    [Fact]
    public void An_unpaired_surrogate_escape_becomes_a_replacement_character_instead_of_failing_the_report()
    {
        var text = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"\ud800":"x","nick":"a\udc00","message":"b\ud83d\ude00c\\ud800\ud800"}}}"""));
        Assert.Equal("a\uFFFD", text.Nick);
        Assert.Equal("b😀c\\ud800\uFFFD", text.Message); // a pair is kept; an escaped backslash is not an escape
    }

    [Fact]
    public void Garbage_in_one_field_is_kept_verbatim_and_the_rest_of_the_report_decodes()
    {
        var gif = Assert.IsType<GifMessageReport>(Decode("""
            {"data":{"action":"reportGifMessage","cwxid":"wxid_me","data":{"msg":{"msg_type":47,"myMsg":"0","roomWxid":"1@chatroom","wxidFrom":"wxid_peer","wxidTo":"1@chatroom","nick":"","url":"<msg><","xmlmsg":"<msg><emoji/></msg>"}}}}
            """).Report);
        Assert.Equal("<msg><", gif.Url);
        Assert.Equal(47, gif.MsgType);
        Assert.Equal("<msg><emoji/></msg>", gif.XmlMsg);

        var odd = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"myMsg":"maybe","nick":{"a":[1]},"message":12.50,"wxidFrom":true}}}"""));
        Assert.Null(odd.MyMsg);
        Assert.Equal("""{"a":[1]}""", odd.Nick);
        Assert.Equal("12.50", odd.Message);
        Assert.Equal("1", odd.WxidFrom);
    }

    [Fact]
    public void The_accounts_own_room_message_with_the_room_in_wxid_from_belongs_to_the_room()
    {
        var text = Text(Decode("""
            {"data":{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":"1","myMsg":"1","roomWxid":null,"wxidFrom":"23415902981@chatroom","wxidTo":"wxid_me","message":"我发的"}}}}
            """));
        Assert.True(text.IsSelf);
        Assert.True(text.IsRoom);
        Assert.Equal("23415902981@chatroom", text.Room);
        Assert.Equal("23415902981@chatroom", text.ConversationId);
        Assert.Equal("wxid_me", text.SenderWxid);
    }

    [Fact]
    public void A_private_conversation_is_the_peer_whichever_way_the_message_goes()
    {
        var received = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"wxid_peer","wxidTo":"wxid_me","message":"hi"}}}"""));
        var sent = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"1","roomWxid":null,"wxidFrom":"wxid_me","wxidTo":"wxid_peer","message":"hi"}}}"""));
        Assert.Equal("wxid_peer", received.ConversationId);
        Assert.Equal("wxid_peer", sent.ConversationId);
        Assert.False(received.IsSelf);
        Assert.True(sent.IsSelf);
        Assert.Equal("wxid_peer", received.SenderWxid);
        Assert.Equal("wxid_me", sent.SenderWxid);
        Assert.False(received.IsRoom);
        Assert.False(sent.IsRoom);
    }

    [Fact]
    public void Without_my_msg_the_account_sending_is_recognised_by_its_wxid()
    {
        var sent = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"wxidFrom":"wxid_me","wxidTo":"wxid_peer","message":"hi"}}}"""));
        Assert.True(sent.IsSelf);
        Assert.Equal("wxid_peer", sent.ConversationId);
    }

    [Fact]
    public void A_member_message_in_a_room_is_from_the_member()
    {
        var text = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":"1@chatroom","wxidFrom":"wxid_member","wxidTo":"1@chatroom","nick":"群友","message":"hi"}}}"""));
        Assert.Equal("1@chatroom", text.ConversationId);
        Assert.Equal("wxid_member", text.SenderWxid);
        Assert.False(text.IsSelf);
    }

    [Theory]
    [InlineData("newsapp")]
    [InlineData("weixin")]
    [InlineData("gh_3dfda90e39d6")]
    public void A_system_sender_puts_xml_in_a_text_message_and_it_is_kept_as_text(string sender)
    {
        const string xml = "<msg><appmsg appid=\"\" sdkver=\"0\"><title><![CDATA[腾讯新闻]]></title><mmreader><category type=\"20\" count=\"1\"/></mmreader></appmsg></msg>";
        var body = $$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"{{{{sender}}}}","wxidTo":"wxid_me","message":{{{{System.Text.Json.JsonSerializer.Serialize(xml)}}}}}}}""";
        var text = Text(Decode(body));
        Assert.Equal(xml, text.Message);
        Assert.Equal(sender, text.ConversationId);
    }

    [Fact]
    public void Message_fields_straight_under_data_without_msg_are_read_too()
    {
        var text = Text(Decode("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"wxidFrom":"wxid_peer","message":"flat"}}"""));
        Assert.Equal("flat", text.Message);
    }

    [Fact]
    public void The_same_login_status_three_times_is_three_equal_reports()
    {
        const string body = """{"data":{"action":"loginStatus","cwxid":null,"data":{"code":"0"}}}""";
        var reports = Enumerable.Range(0, 3).Select(_ => Decode(body).Report).ToList();
        Assert.All(reports, r => Assert.Equal(reports[0], r));
        Assert.Equal(3, reports.Count(r => r is LoginStatusReport { Code: 0 }));
    }

    [Fact]
    public void A_body_over_the_size_limit_is_refused_with_a_clear_error()
    {
        var limits = new DecodeLimits { MaxBodyBytes = 100 };
        var body = Encoding.UTF8.GetBytes($$$$"""{"action":"reportTextMessage","data":{"msg":{"message":"{{{{new string('x', 200)}}}}"}}}""");
        var result = ReportDecoder.Decode(body, limits: limits);
        Assert.False(result.IsSuccess);
        Assert.Contains($"{body.Length} bytes", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 100 bytes", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(body, result.Body.ToArray());

        Assert.True(ReportDecoder.Decode(body, limits: new DecodeLimits { MaxBodyBytes = body.Length }).IsSuccess);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_with_a_clear_error()
    {
        var deep = $$$$"""{"action":"reportTextMessage","data":{"msg":{"message":"x","extra":{{{{new string('[', 10)}}}}{{{{new string(']', 10)}}}}}}}""";
        var accepted = Decode(deep);
        Assert.True(accepted.IsSuccess); // 14 levels are within the default of 64

        var result = ReportDecoder.Decode(deep, limits: new DecodeLimits { MaxDepth = 8 });
        Assert.False(result.IsSuccess);
        Assert.Contains("nested deeper than the limit", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"action":"reportTextMessage","cwxid":wxid_me}""", "wxid_me}")]
    [InlineData("""{"action":"reportTextMessage" "cwxid":"a"}""", "\"cwxid\"")]
    [InlineData("""{"action":"reportTextMessage","cwxid":"a"}}""", "}", 1)]
    public void Invalid_json_is_an_error_whose_byte_position_points_at_the_problem(string body, string at, int occurrence = 0)
    {
        var result = Decode(body);
        Assert.False(result.IsSuccess);
        Assert.StartsWith("the body is not valid JSON", result.Error!.Message, StringComparison.Ordinal);
        var expected = body.IndexOf(at, StringComparison.Ordinal);
        for (var i = 0; i < occurrence; i++)
        {
            expected = body.IndexOf(at, expected + 1, StringComparison.Ordinal);
        }

        Assert.Equal(expected, result.Error.BytePosition);
        Assert.Contains($"at byte {expected}", result.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_byte_position_of_an_error_on_a_later_line_counts_from_the_start_of_the_body()
    {
        var body = "{\n  \"action\": \"reportTextMessage\",\n  \"cwxid\": \"你好\",\n  \"data\": ?\n}";
        var result = Decode(body);
        var expected = Encoding.UTF8.GetByteCount(body[..body.IndexOf('?', StringComparison.Ordinal)]);
        Assert.Equal(expected, result.Error!.BytePosition);
    }

    [Fact]
    public void The_byte_position_counts_a_bom_and_an_invalid_utf8_byte_does_not_shift_it()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"action\":\"a"u8, 0xFF, .. "\",?}"u8];
        var result = ReportDecoder.Decode(body);
        Assert.Equal(body.AsSpan().IndexOf("?}"u8), result.Error!.BytePosition);
    }

    [Fact]
    public void An_invalid_utf8_byte_in_one_field_is_replaced_and_the_report_still_decodes()
    {
        byte[] body = [.. """{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"nick":"A"""u8, 0xC3, .. "\",\"message\":\"你好\"}}}"u8];
        var result = ReportDecoder.Decode(body);
        var text = Text(result);
        Assert.Equal("A?", text.Nick);
        Assert.Equal("你好", text.Message);
        Assert.Equal(body, result.Body.ToArray());
    }

    [Theory]
    [InlineData("""{"action":"reportTextMessage","data":{"msg":{""")]
    [InlineData("""[[[""")]
    public void An_unclosed_body_is_a_syntax_error_not_a_depth_error(string body)
    {
        var result = Decode(body);
        Assert.StartsWith("the body is not valid JSON", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_body_is_an_error_at_its_end()
    {
        const string body = """{"action":"reportTextMessage","cwxid":"wx""";
        var result = Decode(body);
        Assert.False(result.IsSuccess);
        Assert.StartsWith("the body is not valid JSON", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(body.Length, result.Error!.BytePosition);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("  \r\n", "empty")]
    [InlineData("[1,2]", "got an array")]
    [InlineData("\"reportTextMessage\"", "got a string")]
    [InlineData("""{"cwxid":"wxid_me","data":{}}""", "no \"action\"")]
    [InlineData("""{"data":{"cwxid":"wxid_me"}}""", "no \"action\"")]
    [InlineData("""{"action":7,"data":{}}""", "\"action\" must be a string")]
    public void A_body_that_is_not_a_report_envelope_says_what_is_wrong(string body, string expected)
    {
        var result = Decode(body);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Report);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(body), result.Body.ToArray());
    }

    [Fact]
    public void An_unknown_action_becomes_an_unknown_report_that_keeps_its_raw_data()
    {
        var result = Decode("""{"data":{"action":"reportRedPacket","cwxid":"wxid_me","data":{"amount":"0.01","memo":"恭喜发财\uE04C","n":[1,{"x":null}]}}}""");
        Assert.True(result.IsSuccess);
        Assert.True(result.IsUnknown);
        var unknown = Assert.IsType<UnknownReport>(result.Report);
        Assert.Equal("reportRedPacket", unknown.Kind);
        Assert.Equal("reportRedPacket", unknown.UnknownAction);
        Assert.Equal("wxid_me", unknown.Account);
        Assert.Equal("""{"amount":"0.01","memo":"恭喜发财\uE04C","n":[1,{"x":null}]}""", unknown.Data!.Value.GetRawText());
        Assert.Contains("\"data\":{\"amount\":\"0.01\"", Normalized(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_action_without_data_is_still_an_unknown_report()
    {
        var unknown = Assert.IsType<UnknownReport>(Decode("""{"action":"heartbeat","cwxid":"wxid_me"}""").Report);
        Assert.Null(unknown.Data);
        Assert.Equal("""{"kind":"heartbeat","account":"wxid_me"}""", Normalized(unknown));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("resSendTextMessage")]
    [InlineData("resAcceptFriend")]
    [InlineData("sendTextMessage")]
    public void A_generic_ack_has_an_empty_action_or_a_res_action_and_keeps_its_wire_action(string action)
    {
        var ack = Assert.IsType<CommandAck>(Decode($$$$"""{"action":"{{{{action}}}}","cwxid":"wxid_me","data":{"errorReason":"不是好友","sendId":"150588","sendResult":"0"}}""").Report);
        Assert.Equal("ack", ack.Kind);
        Assert.Equal(action.Trim(), ack.WireAction);
        Assert.Equal("150588", ack.SendId);
        Assert.Equal("0", ack.SendResult);
        Assert.Equal("不是好友", ack.ErrorReason);
        Assert.False(ack.Succeeded);
    }

    [Fact]
    public void A_res_action_without_any_result_is_unknown_rather_than_a_guessed_ack()
    {
        Assert.IsType<UnknownReport>(Decode("""{"action":"resSomething","cwxid":"wxid_me","data":{"x":1}}""").Report);
    }

    [Fact]
    public void Res_logout_and_res_upload_file_have_their_own_kinds_not_the_generic_ack()
    {
        Assert.IsType<LogoutResultReport>(Decode("""{"action":"resLogout","data":{"sendResult":"1"}}""").Report);
        var upload = Assert.IsType<UploadFileResultReport>(Decode("""{"action":"resUploadFile","cwxid":"wxid_me","data":{"sendId":"5","sendResult":200,"errorReason":""}}""").Report);
        Assert.Equal(200L, upload.ServerCode);
        Assert.True(upload.Succeeded);
    }

    private static string Normalized(Report report) => Encoding.UTF8.GetString(NormalizedJson.Serialize(report));
}
