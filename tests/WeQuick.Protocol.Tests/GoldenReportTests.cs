using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// Every report example of the spec, decoded as printed (trailing commas, <c>""</c> placeholders and all),
/// checked field by field. An empty string in the spec's example is an absent value.
/// </summary>
public sealed class GoldenReportTests
{
    [Fact]
    public void The_login_qr_code_arrives_before_any_account_is_known()
    {
        var r = Fixtures.DecodeReport<LoginQrCodeReport>("reportLoginQrCode");
        Assert.Equal("reportLoginQrCode", r.Kind);
        Assert.Null(r.Account); // the spec prints "cwxid":"null"
        Assert.Null(r.Message);
        Assert.Null(r.SendId);
    }

    [Fact]
    public void The_login_status_with_an_empty_code_is_not_logged_in()
    {
        var r = Fixtures.DecodeReport<LoginStatusReport>("loginStatus");
        Assert.Equal("loginStatus", r.Kind);
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Null(r.Code);
        Assert.False(r.LoggedIn);
    }

    [Fact]
    public void The_logged_in_user_profile_is_read_from_the_flat_spec_shape()
    {
        var r = Fixtures.DecodeReport<LoginUserReport>("reportLoginUser");
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal("wxid", r.Wxid);
        Assert.Equal("xxxxx", r.Username);
        Assert.Equal("xxxxx", r.Nick);
        Assert.Equal("xxxx", r.AsName);
        Assert.Equal("http://xxxxxxxx", r.HeadPic);
        Assert.Equal(0, r.Sex);
        Assert.Equal("xxx", r.Country);
        Assert.Equal("xxxx", r.Province);
        Assert.Equal("xxxxx", r.City);
        Assert.Equal(88888888L, r.Uin);
        Assert.Null(r.IsFriend);
    }

    [Fact]
    public void A_logout_from_pc_wechat_or_the_phone_carries_code_1()
    {
        var r = Fixtures.DecodeReport<LogoutReport>("reportLogout");
        Assert.Equal("reportLogout", r.Kind);
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal(1, r.Code);
    }

    [Fact]
    public void The_contact_list_has_friends_rooms_and_official_accounts()
    {
        var r = Fixtures.DecodeReport<ContactReport>("reportContact");
        Assert.Equal("wxid_qg0saisth0r222", r.Account);

        var friend = Assert.Single(r.FriendList!);
        Assert.Equal("wxid", friend.Wxid);
        Assert.Equal("xxxxx", friend.Username);
        Assert.Equal("xxxxx", friend.Nick);
        Assert.Equal("xxxx", friend.AsName);
        Assert.Equal("http://xxxxxxxx", friend.HeadPic);
        Assert.Equal(0, friend.Sex);
        Assert.Equal("xxx", friend.Country);
        Assert.Equal("xxxx", friend.Province);
        Assert.Equal("xxxxx", friend.City);
        Assert.Null(friend.IsFriend);

        var room = Assert.Single(r.GroupList!);
        Assert.Equal("xxxxxxx", room.Wxid);
        Assert.Equal("xxxxxx", room.Nick);
        Assert.Equal("xxxxxxxx", room.Owner);
        Assert.Equal(100, room.RoomCount);
        Assert.Equal("http://xxxxxxxx", room.HeadPic);
        Assert.Equal(["wxid_xxx1", "wxid_xxx2", "..."], room.UserLists!);

        var official = Assert.Single(r.PublicList!);
        Assert.Equal("gh_xxxxx", official.Wxid);
        Assert.Equal("xxxxx", official.Nick);
        Assert.Equal("http://xxxxxxxxxx", official.HeadPic);
    }

    [Fact]
    public void The_wxids_of_all_contacts_arrive_as_a_list()
    {
        var r = Fixtures.DecodeReport<UsersWxidReport>("reportUsersWxid");
        Assert.Equal("xxxxxx", r.Account);
        Assert.Equal(["wxid_1", "wxid_2"], r.UserLists!);
    }

    [Fact]
    public void Queried_profiles_keep_their_fields_and_a_non_numeric_sex_is_absent()
    {
        var r = Fixtures.DecodeReport<UsersInfoReport>("reportUsersInfo");
        Assert.Equal("xxxxxx", r.Account);
        var user = Assert.Single(r.UserLists!);
        Assert.Equal("wxid", user.Wxid);
        Assert.Equal("xxxxx", user.Username);
        Assert.Equal("xxxxx", user.Nick);
        Assert.Equal("xxxx", user.AsName);
        Assert.Equal("http://xxxxxxxx", user.HeadPic);
        Assert.Null(user.Sex); // the spec prints "xx"
        Assert.Equal("xxx", user.Country);
        Assert.Equal("xxxx", user.Province);
        Assert.Equal("xxxxx", user.City);
    }

    [Fact]
    public void A_room_member_list_names_the_room_its_owner_and_each_member()
    {
        var r = Fixtures.DecodeReport<ChatRoomUserListsReport>("reportChatRoomUserLists");
        Assert.Equal("wxid_fo1039029348sfj", r.Account);
        Assert.Equal("7510115058@chatroom", r.Wxid);
        Assert.Equal("xxxxx", r.Owner);
        Assert.Null(r.Nick);
        Assert.Null(r.HeadPic);
        Assert.Null(r.RoomCount);
        var member = Assert.Single(r.UserLists!);
        Assert.Null(member.Wxid);
        Assert.Null(member.Username);
        Assert.Null(member.Nick);
        Assert.Null(member.HeadPic);
        Assert.Equal(2, member.Sex); // "2" as a string
        Assert.Equal("xxx", member.Country);
        Assert.Equal("xxx", member.Province);
        Assert.Equal("xxx", member.City);
    }

    [Fact]
    public void A_members_room_nickname_is_read_from_data_msg()
    {
        var r = Fixtures.DecodeReport<ChatRoomUserNickReport>("reportGetChatRoomUserNick");
        Assert.Equal("wxid_qg0ssssssth22", r.Account);
        Assert.Null(r.ChatRoom);
        Assert.Null(r.Wxid);
        Assert.Equal("XXXX", r.ChatNick);
    }

    [Fact]
    public void A_text_message_in_a_room_belongs_to_the_room_and_was_sent_by_the_member()
    {
        var r = Fixtures.DecodeReport<TextMessageReport>("reportTextMessage");
        Assert.Equal("wxid_qg0ssssth0r222", r.Account);
        Assert.Equal(1, r.MsgType);
        Assert.False(r.MyMsg);
        Assert.Equal("123432432@chatroom", r.RoomWxid);
        Assert.Equal("wxid_sadkwqlXXX", r.WxidFrom);
        Assert.Equal("wxid_sadkwqlkq", r.WxidTo);
        Assert.Equal("XXXX", r.Nick);
        Assert.Equal("XXXX", r.Message);
        Assert.Null(r.XmlMsg);

        Assert.True(r.IsRoom);
        Assert.Equal("123432432@chatroom", r.ConversationId);
        Assert.Equal("wxid_sadkwqlXXX", r.SenderWxid);
        Assert.False(r.IsSelf);
    }

    [Fact]
    public void An_image_message_points_at_the_clients_file()
    {
        var r = Fixtures.DecodeReport<PicMessageReport>("reportPicMessage");
        AssertRoomMessageHeader(r, msgType: 3, nick: "XXXX");
        Assert.Equal("XXXX", r.FileIndex);
        Assert.Null(r.XmlMsg);
    }

    [Fact]
    public void A_file_message_has_its_msg_type_as_a_string()
    {
        var r = Fixtures.DecodeReport<FileMessageReport>("reportFileMessage");
        AssertRoomMessageHeader(r, msgType: 4901, nick: "XXXX");
        Assert.Null(r.FileIndex);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_room_invitation_link_message()
    {
        var r = Fixtures.DecodeReport<AddChatRoomMessageReport>("reportAddChatRoomMessage");
        AssertRoomMessageHeader(r, msgType: 4902, nick: "XXXX");
        Assert.Null(r.Url);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_mini_program_message_spells_its_type_msg_type()
    {
        var r = Fixtures.DecodeReport<MiniMessageReport>("reportMiniMessage");
        AssertRoomMessageHeader(r, msgType: 4903, nick: null, wxidTo: "xxxxxxxxx");
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_web_link_message()
    {
        var r = Fixtures.DecodeReport<UrlMessageReport>("reportUrlMessage");
        AssertRoomMessageHeader(r, msgType: 4904, nick: "XXXX");
        Assert.Null(r.Title);
        Assert.Null(r.Url);
        Assert.Null(r.Desc);
        Assert.Null(r.Pic);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_transfer_is_a_private_message_without_a_room_field()
    {
        var r = Fixtures.DecodeReport<TransferMessageReport>("reportTransferMessage");
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal(4905, r.MsgType);
        Assert.False(r.MyMsg);
        Assert.Null(r.RoomWxid);
        Assert.Equal("wxid_xxxxxx", r.WxidFrom);
        Assert.Equal("wxid_xxxxx", r.WxidTo);
        Assert.Equal("XXXX", r.Nick);
        Assert.Null(r.TransferId);
        Assert.Null(r.PaySubtype);
        Assert.Null(r.PayMemo);
        Assert.Null(r.FeeDesc);
        Assert.Equal("xxxxxxx", r.XmlMsg);

        Assert.False(r.IsRoom);
        Assert.Equal("wxid_xxxxxx", r.ConversationId);
        Assert.Equal("wxid_xxxxxx", r.SenderWxid);
    }

    [Fact]
    public void A_contact_card_message_with_empty_ids()
    {
        var r = Fixtures.DecodeReport<CardMessageReport>("reportCardMessage");
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal(42, r.MsgType);
        Assert.False(r.MyMsg);
        Assert.Null(r.RoomWxid);
        Assert.Null(r.WxidFrom);
        Assert.Equal("wxid_sadkwqlkq", r.WxidTo);
        Assert.Null(r.Nick);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void An_emoji_message_spells_its_type_msg_type_as_a_number()
    {
        var r = Fixtures.DecodeReport<GifMessageReport>("reportGifMessage");
        AssertRoomMessageHeader(r, msgType: 47, nick: null, wxidTo: "xxxxxxxxx");
        Assert.Null(r.Url);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_voice_message()
    {
        var r = Fixtures.DecodeReport<VoiceMessageReport>("reportVoiceMessage");
        AssertRoomMessageHeader(r, msgType: 34, nick: "XXXX");
        Assert.Equal("XXXX", r.VoiceIndex);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_video_message()
    {
        var r = Fixtures.DecodeReport<VideoMessageReport>("reportVideoMessage");
        AssertRoomMessageHeader(r, msgType: 43, nick: "XXXX");
        Assert.Null(r.CoverIndex);
        Assert.Null(r.VideoIndex);
        Assert.Equal("xxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_room_system_notice_with_every_id_empty()
    {
        var r = Fixtures.DecodeReport<ChatroomMessageReport>("reportChatroomMessage");
        Assert.Null(r.Account);
        Assert.Equal(10000, r.MsgType);
        Assert.Null(r.MyMsg);
        Assert.Null(r.RoomWxid);
        Assert.Null(r.WxidFrom);
        Assert.Null(r.WxidTo);
        Assert.Equal("xxxxxx", r.Message);
        Assert.Null(r.ConversationId);
    }

    [Fact]
    public void A_wechat_system_notice()
    {
        var r = Fixtures.DecodeReport<SystemMessageReport>("reportSystemMessage");
        Assert.Equal("wxid_qgsssh0r222", r.Account);
        Assert.Equal(10000, r.MsgType);
        Assert.Null(r.MyMsg);
        Assert.Null(r.RoomWxid);
        Assert.Null(r.WxidFrom);
        Assert.Equal("wxid_sadkwqlkq", r.WxidTo);
        Assert.Equal("xxxxxxx", r.Message);
    }

    [Fact]
    public void A_friend_request_carries_the_tickets_to_accept_it()
    {
        var r = Fixtures.DecodeReport<FriendAddRequestReport>("reportFriendAddRequest");
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Null(r.Wxid);
        Assert.Null(r.Username);
        Assert.Null(r.Nick);
        Assert.Null(r.HeadPic);
        Assert.Equal(2, r.Sex);
        Assert.Equal("xxx", r.Country);
        Assert.Equal("xxx", r.Province);
        Assert.Equal("xxx", r.City);
        Assert.Equal("xxxxxx", r.V1);
        Assert.Equal("xxxxxxx", r.V2);
        Assert.Equal("xxxxxxx", r.NoticeWord);
        Assert.Equal("xxxxxxxxxxx", r.XmlMsg);
    }

    [Fact]
    public void A_new_room_report_with_empty_fields()
    {
        var r = Fixtures.DecodeReport<ChatRoomChangeReport>("reportChatRoomChange");
        Assert.Null(r.Account);
        Assert.Null(r.Nick);
        Assert.Null(r.ChatRoom);
    }

    [Fact]
    public void An_upload_result_answers_its_upload_command()
    {
        var r = Fixtures.DecodeReport<UploadFileResultReport>("resUploadFile");
        Assert.Null(r.Account);
        Assert.Equal("8859663", r.SendId);
        Assert.Null(r.SendResult);
        Assert.Null(r.ErrorReason);
        Assert.Null(r.ServerCode);
        Assert.False(r.Succeeded);
    }

    [Fact]
    public void A_logout_from_the_client_or_by_command_succeeds()
    {
        var r = Fixtures.DecodeReport<LogoutResultReport>("resLogout");
        Assert.Equal("resLogout", r.Kind);
        Assert.Equal("wxid_XXXXX0r222", r.Account);
        Assert.Null(r.SendId);
        Assert.Equal("1", r.SendResult);
        Assert.Null(r.ErrorReason);
        Assert.True(r.Succeeded);
    }

    [Fact]
    public void The_bare_envelope_with_an_empty_action_is_a_generic_ack()
    {
        var result = ReportDecoder.Decode(Fixtures.Report("ack"));
        Assert.False(result.Wrapped);
        var r = Assert.IsType<CommandAck>(result.Report);
        Assert.Equal("ack", r.Kind);
        Assert.Equal("", r.WireAction);
        Assert.Null(r.Account);
        Assert.Null(r.SendId);
        Assert.Null(r.SendResult);
        Assert.Null(r.ErrorReason);
    }

    [Fact]
    public void The_specs_command_ack_names_the_command_and_its_result()
    {
        // "send_msg 任务下发到DLL的响应", with the spec's trailing comma.
        const string body = """
            {
                "action":"",
                "cwxid":"wxid_qg0saisth0r222",
                "data":{"errorReason":"","sendId":"150588","sendResult":"1"},
            }
            """;
        var r = Assert.IsType<CommandAck>(ReportDecoder.Decode(body).Report);
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal("150588", r.SendId);
        Assert.Equal("1", r.SendResult);
        Assert.Null(r.ErrorReason);
        Assert.True(r.Succeeded);
    }

    [Fact]
    public void Every_wrapped_example_is_recognised_as_wrapped()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "reports"), "*.json"))
        {
            var body = File.ReadAllBytes(file);
            var result = ReportDecoder.Decode(body);
            Assert.True(result.IsSuccess, $"{Path.GetFileName(file)}: {result.Error}");
            var wrapped = Fixtures.ParseNode(body).AsObject().ContainsKey("data") && !Fixtures.ParseNode(body).AsObject().ContainsKey("action");
            Assert.Equal(wrapped, result.Wrapped);
        }
    }

    private static void AssertRoomMessageHeader(MessageReport r, int msgType, string? nick, string wxidTo = "wxid_xxxxx")
    {
        Assert.Equal("wxid_qg0saisth0r222", r.Account);
        Assert.Equal(msgType, r.MsgType);
        Assert.False(r.MyMsg);
        Assert.Equal("xxxxxxxx@chatroom", r.RoomWxid);
        Assert.Equal("wxid_xxxxxx", r.WxidFrom);
        Assert.Equal(wxidTo, r.WxidTo);
        Assert.Equal(nick, r.Nick);
        Assert.Equal("xxxxxxxx@chatroom", r.ConversationId);
        Assert.Equal("wxid_xxxxxx", r.SenderWxid);
        Assert.False(r.IsSelf);
    }
}
