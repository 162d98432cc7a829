using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// Every command example of the spec (plus the vendor demo's <c>addRoomFriend</c>), decoded as printed and
/// checked field by field. The spec leaves most values and every <c>sendId</c> empty: those are absent.
/// </summary>
public sealed class GoldenCommandTests
{
    [Theory]
    [InlineData("openWeChat", typeof(OpenWeChatCommand))]
    [InlineData("getLoginQrCode", typeof(GetLoginQrCodeCommand))]
    [InlineData("getLoginStatus", typeof(GetLoginStatusCommand))]
    [InlineData("logout", typeof(LogoutCommand))]
    [InlineData("getUsersWxid", typeof(GetUsersWxidCommand))]
    public void A_command_without_options_decodes_to_its_kind(string api, Type modelType)
    {
        var result = CommandDecoder.DecodeBatch(Fixtures.Command(api));
        var command = Assert.Single(result.Commands);
        Assert.IsType(modelType, command);
        Assert.Equal(api, command.Kind);
        Assert.Null(command.SendId);
    }

    [Fact]
    public void Send_a_text()
    {
        var c = Fixtures.DecodeCommand<SendTextMessageCommand>("sendTextMessage");
        Assert.Null(c.SendId);
        Assert.Null(c.Wxid);
        Assert.Null(c.Text);
    }

    [Fact]
    public void Send_an_image()
    {
        var c = Fixtures.DecodeCommand<SendPicMessageCommand>("sendPicMessage");
        Assert.Null(c.Wxid);
        Assert.Null(c.ImgPath);
    }

    [Fact]
    public void Send_a_file()
    {
        var c = Fixtures.DecodeCommand<SendFileMessageCommand>("sendFileMessage");
        Assert.Null(c.Wxid);
        Assert.Null(c.FilePath);
    }

    [Fact]
    public void Send_a_link_card_with_chinese_text()
    {
        var c = Fixtures.DecodeCommand<SendXmlMessageCommand>("sendXmlMessage");
        Assert.Null(c.Wxid);
        Assert.Equal("标题", c.Title);
        Assert.Equal("url链接", c.Url);
        Assert.Equal("描述", c.Desc);
        Assert.Equal("图片url链接", c.Pic);
    }

    [Fact]
    public void Send_a_contact_card()
    {
        var c = Fixtures.DecodeCommand<SendCardMessageCommand>("sendCardMessage");
        Assert.Null(c.Wxid);
        Assert.Null(c.WxidCard);
    }

    [Fact]
    public void Send_a_room_invitation()
    {
        var c = Fixtures.DecodeCommand<SendChatroomCommand>("sendChatroom");
        Assert.Null(c.Wxid);
        Assert.Null(c.ChatRoom);
    }

    [Fact]
    public void Ask_for_the_contact_list_with_an_empty_flag()
    {
        var c = Fixtures.DecodeCommand<GetContactCommand>("getContact");
        Assert.Null(c.Flag);
    }

    [Fact]
    public void Ask_for_the_profiles_of_two_wxids()
    {
        var c = Fixtures.DecodeCommand<GetUsersInfoCommand>("getUsersInfo");
        Assert.Equal(["wxid_qgxxxxxx222", "xyzxxxx53"], c.WxidLists!);
    }

    [Fact]
    public void Delete_a_friend()
    {
        var c = Fixtures.DecodeCommand<DelUserCommand>("delUser");
        Assert.Null(c.Wxid);
    }

    [Fact]
    public void Accept_a_friend_request()
    {
        var c = Fixtures.DecodeCommand<AcceptFriendCommand>("acceptFriend");
        Assert.Null(c.V1);
        Assert.Null(c.V2);
    }

    [Fact]
    public void Set_a_friends_remark()
    {
        var c = Fixtures.DecodeCommand<UpdateAsNameCommand>("updateAsName");
        Assert.Null(c.Wxid);
        Assert.Null(c.AsName);
    }

    [Fact]
    public void Ask_for_a_rooms_members()
    {
        var c = Fixtures.DecodeCommand<GetChatRoomUsersCommand>("getChatRoomUsers");
        Assert.Null(c.Wxid);
    }

    [Fact]
    public void Ask_for_a_members_room_nickname()
    {
        var c = Fixtures.DecodeCommand<GetChatRoomUserNickCommand>("getChatRoomUserNick");
        Assert.Null(c.ChatRoom);
        Assert.Null(c.Wxid);
    }

    [Fact]
    public void Remove_a_room_member()
    {
        var c = Fixtures.DecodeCommand<DelChatRoomUserCommand>("delChatRoomUser");
        Assert.Null(c.ChatRoom);
        Assert.Null(c.Wxid);
    }

    [Fact]
    public void Rename_a_room()
    {
        var c = Fixtures.DecodeCommand<UpdateChatRoomNameCommand>("updateChatRoomName");
        Assert.Null(c.ChatRoom);
        Assert.Null(c.Name);
    }

    [Fact]
    public void Set_the_accounts_own_nickname_in_a_room()
    {
        var c = Fixtures.DecodeCommand<UpdateRoomAsNameCommand>("updateRoomAsName");
        Assert.Null(c.ChatRoom);
        Assert.Null(c.Nick);
    }

    [Fact]
    public void Create_a_room_with_the_specs_empty_string_list()
    {
        var c = Fixtures.DecodeCommand<CreateChatRoomCommand>("createChatRoom");
        Assert.Null(c.WxidLists);
    }

    [Fact]
    public void Leave_a_room()
    {
        var c = Fixtures.DecodeCommand<ExitChatRoomCommand>("exitChatRoom");
        Assert.Null(c.ChatRoom);
    }

    [Fact]
    public void Accept_a_room_invitation_link()
    {
        var c = Fixtures.DecodeCommand<AcceptChatroomInviteCommand>("acceptChatroomInvite");
        Assert.Equal("https://support....", c.Url);
    }

    [Fact]
    public void Accept_a_transfer()
    {
        var c = Fixtures.DecodeCommand<AcceptBankTransferCommand>("acceptBankTransfer");
        Assert.Null(c.TransferId);
        Assert.Null(c.Wxid);
    }

    [Fact]
    public void Upload_a_client_file()
    {
        var c = Fixtures.DecodeCommand<UploadFileCommand>("uploadFile");
        Assert.Null(c.FileUrl);
        Assert.Null(c.UpUrl);
    }

    [Fact]
    public void Close_a_wechat_process_with_an_empty_pid()
    {
        var c = Fixtures.DecodeCommand<CloseProcessCommand>("closeProcess");
        Assert.Null(c.Pid);
    }

    [Fact]
    public void Add_a_room_member_as_a_friend_as_the_vendor_demo_sends_it()
    {
        var c = Fixtures.DecodeCommand<AddRoomFriendCommand>("addRoomFriend");
        Assert.Null(c.SendId);
        Assert.Equal("xxxxxxxx@chatroom", c.ChatRoom);
        Assert.Equal("wxid_xxxxxx", c.Wxid);
        Assert.Equal("你好，我是群里的XXXX", c.NoticeWord);
    }
}
