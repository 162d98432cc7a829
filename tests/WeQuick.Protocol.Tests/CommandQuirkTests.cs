using System.Text;
using System.Text.Json;

namespace WeQuick.Protocol.Tests;

/// <summary>Command arrays as real callback servers send them (docs/protocol-notes.md): placeholders, aliases, alternative field names.</summary>
public sealed class CommandQuirkTests
{
    private static CommandBatchDecodeResult Decode(string body)
    {
        var result = CommandDecoder.DecodeBatch(body);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result;
    }

    [Theory]
    [InlineData("[{}]", "an empty {} placeholder")]
    [InlineData("[[]]", "an empty [] placeholder")]
    [InlineData("[null]", "a null placeholder")]
    public void A_placeholder_entry_is_skipped_without_error(string body, string reason)
    {
        var result = Decode(body);
        Assert.Empty(result.Commands);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(0, skipped.Index);
        Assert.Equal(reason, skipped.Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("null")]
    public void An_empty_answer_means_no_commands(string body)
    {
        var result = Decode(body);
        Assert.Empty(result.Commands);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Placeholders_between_commands_are_skipped_and_the_commands_kept_in_order()
    {
        var result = Decode("""[{}, {"api":"getLoginStatus","sendId":"1","option":{}}, [], null, {"sendId":"x"}, 7, {"api":"logout","sendId":"2"}]""");
        Assert.Equal(["getLoginStatus", "logout"], result.Commands.Select(c => c.Kind));
        Assert.Equal(["1", "2"], result.Commands.Select(c => c.SendId));
        Assert.Equal([0, 2, 3, 4, 5], result.Skipped.Select(s => s.Index));
        Assert.Equal("an object without an api", result.Skipped[3].Reason);
    }

    [Fact]
    public void The_specs_own_one_command_array_decodes()
    {
        var result = Decode("""[{"sendId":"","api":"sendTextMessage","option":{"wxid":"wxid_a0sssssy2f21","text":"123456"}}]""");
        var text = Assert.IsType<SendTextMessageCommand>(Assert.Single(result.Commands));
        Assert.Null(text.SendId);
        Assert.Equal("wxid_a0sssssy2f21", text.Wxid);
        Assert.Equal("123456", text.Text);
    }

    [Fact]
    public void Get_contacts_is_read_as_get_contact()
    {
        var command = Assert.IsType<GetContactCommand>(Assert.Single(Decode("""[{"api":"getContacts","sendId":"7","option":{"flag":"7"}}]""").Commands));
        Assert.Equal("getContact", command.Kind);
        Assert.Equal(7, command.Flag);
        Assert.Equal("7", command.SendId);
    }

    [Fact]
    public void Add_room_friend_from_the_vendor_demo_is_typed()
    {
        var command = Assert.IsType<AddRoomFriendCommand>(Assert.Single(Decode("""[{"api":"addRoomFriend","sendId":"8","option":{"chatroom":"1@chatroom","wxid":"wxid_member","noticeWord":"你好 \uE04C"}}]""").Commands));
        Assert.Equal("1@chatroom", command.ChatRoom);
        Assert.Equal("wxid_member", command.Wxid);
        Assert.Equal("你好 \uE04C", command.NoticeWord);
    }

    [Theory]
    [InlineData("nick")]
    [InlineData("name")]
    public void Update_room_as_name_takes_nick_as_the_spec_says_or_name_as_the_demo_sends(string field)
    {
        var body = $$$$"""[{"api":"updateRoomAsName","sendId":"9","option":{"chatroom":"1@chatroom","{{{{field}}}}":"我的群昵称"}}]""";
        var command = Assert.IsType<UpdateRoomAsNameCommand>(Assert.Single(Decode(body).Commands));
        Assert.Equal("1@chatroom", command.ChatRoom);
        Assert.Equal("我的群昵称", command.Nick);
    }

    [Theory]
    [InlineData("""["wxid_a","wxid_b"]""", new[] { "wxid_a", "wxid_b" })]
    [InlineData("\"wxid_a,wxid_b\"", new[] { "wxid_a", "wxid_b" })]
    [InlineData("\" wxid_a , wxid_b ,\"", new[] { "wxid_a", "wxid_b" })]
    [InlineData("\"[\\\"wxid_a\\\",\\\"wxid_b\\\"]\"", new[] { "wxid_a", "wxid_b" })]
    [InlineData("\"wxid_a\"", new[] { "wxid_a" })]
    [InlineData("""["wxid_a",null,"",12345]""", new[] { "wxid_a", "12345" })]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    public void Create_chat_room_reads_its_wxid_list_as_a_list_an_empty_string_or_a_comma_string(string wire, string[]? expected)
    {
        var body = $$$$"""[{"api":"createChatRoom","sendId":"1","option":{"wxidLists":{{{{wire}}}}}}]""";
        var command = Assert.IsType<CreateChatRoomCommand>(Assert.Single(Decode(body).Commands));
        if (expected is null)
        {
            Assert.Null(command.WxidLists);
        }
        else
        {
            Assert.Equal(expected, command.WxidLists!);
        }
    }

    [Fact]
    public void Numbers_in_options_arrive_as_strings_or_numbers()
    {
        var result = Decode("""[{"api":"closeProcess","sendId":1,"option":{"pid":4321}},{"api":"closeProcess","sendId":"2","option":{"pid":"4321"}},{"api":"getContact","option":{"flag":"(null)"}}]""");
        Assert.Equal([4321, 4321], result.Commands.Take(2).Select(c => ((CloseProcessCommand)c).Pid));
        Assert.Equal("1", result.Commands[0].SendId);
        Assert.Null(((GetContactCommand)result.Commands[2]).Flag);
        Assert.Null(result.Commands[2].SendId);
    }

    [Fact]
    public void A_single_command_object_without_the_array_is_accepted()
    {
        var command = Assert.Single(Decode("""{"api":"logout","sendId":"3","option":{}}""").Commands);
        Assert.IsType<LogoutCommand>(command);
    }

    [Fact]
    public void A_command_with_a_missing_or_non_object_option_still_decodes()
    {
        var result = Decode("""[{"api":"sendTextMessage","sendId":"1"},{"api":"sendTextMessage","sendId":"2","option":"x"}]""");
        Assert.All(result.Commands, c => Assert.Null(((SendTextMessageCommand)c).Text));
        Assert.Equal(2, result.Commands.Count);
    }

    [Fact]
    public void An_unknown_api_becomes_an_unknown_command_that_keeps_its_option()
    {
        var command = Assert.IsType<UnknownCommand>(Assert.Single(Decode("""[{"api":"sendRedPacket","sendId":"5","option":{"wxid":"wxid_a","amount":1.5}}]""").Commands));
        Assert.Equal("sendRedPacket", command.Kind);
        Assert.Equal("sendRedPacket", command.Api);
        Assert.Equal("5", command.SendId);
        Assert.Equal("""{"wxid":"wxid_a","amount":1.5}""", command.Option!.Value.GetRawText());
    }

    [Fact]
    public void An_unknown_api_without_an_option_serializes_without_one()
    {
        var command = Assert.IsType<UnknownCommand>(Assert.Single(Decode("""[{"api":"ping"}]""").Commands));
        Assert.Null(command.Option);
        Assert.Equal("""{"kind":"ping"}""", Encoding.UTF8.GetString(NormalizedJson.Serialize(command)));
    }

    [Theory]
    [InlineData("""[{"api":"x"} {"api":"y"}]""", "{\"api\":\"y\"")]
    [InlineData("""[{"api" "x"}]""", "\"x\"")]
    [InlineData("""[{"api":"x"},""", ",")] // the dangling comma
    public void A_broken_array_is_an_error_with_the_byte_position_of_the_problem(string body, string at)
    {
        var result = CommandDecoder.DecodeBatch(body);
        Assert.False(result.IsSuccess);
        Assert.Empty(result.Commands);
        var expected = body.IndexOf(at, StringComparison.Ordinal);
        Assert.Equal(expected, result.Error!.BytePosition);
        Assert.Equal(Encoding.UTF8.GetBytes(body), result.Body.ToArray());
    }

    [Fact]
    public void A_string_or_number_body_is_not_a_command_array()
    {
        var result = CommandDecoder.DecodeBatch("\"sendTextMessage\"");
        Assert.False(result.IsSuccess);
        Assert.Contains("expected a JSON array of commands, got a string", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_body_over_the_limits_is_refused_with_a_clear_error()
    {
        var big = CommandDecoder.DecodeBatch("[" + new string(' ', 200) + "]", new DecodeLimits { MaxBodyBytes = 100 });
        Assert.False(big.IsSuccess);
        Assert.Contains("over the limit of 100 bytes", big.Error!.Message, StringComparison.Ordinal);

        var deep = CommandDecoder.DecodeBatch(new string('[', 100) + new string(']', 100));
        Assert.False(deep.IsSuccess);
        Assert.Contains("nested deeper than the limit", deep.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Try_read_reads_one_entry_of_an_array_the_caller_already_parsed()
    {
        using var doc = JsonDocument.Parse("""[{"api":"delUser","sendId":"4","option":{"wxid":"wxid_a"}},{}]""");
        Assert.True(CommandDecoder.TryRead(doc.RootElement[0], out var command, out var reason));
        Assert.Null(reason);
        Assert.Equal("wxid_a", Assert.IsType<DelUserCommand>(command).Wxid);
        Assert.False(CommandDecoder.TryRead(doc.RootElement[1], out command, out reason));
        Assert.Null(command);
        Assert.Equal("an empty {} placeholder", reason);
    }
}
